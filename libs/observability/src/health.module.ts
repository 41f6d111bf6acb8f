import { DynamicModule, FactoryProvider, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController, READINESS_CHECKS, ReadinessCheck } from './health.controller';

/** `/health/live` and `/health/ready`; each app supplies its readiness checks. */
@Module({})
export class HealthModule {
  static forChecks({
    imports = [],
    ...checks
  }: Omit<FactoryProvider<ReadinessCheck[]>, 'provide'> & Pick<ModuleMetadata, 'imports'>): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...imports],
      controllers: [HealthController],
      providers: [{ ...checks, provide: READINESS_CHECKS }],
    };
  }
}
