import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyGuard, ApiKeysModule, AuthCacheOptions, CredentialStore, Public } from '@waymark/api-keys';
import {
  COMMISSIONER_ACCESS_DATA_SOURCE,
  commissionerAccessTypeOrmModule,
  COMMISSIONERS,
  CurrentCommissioner,
} from '@waymark/commissioner-access';
import { ProblemFilter } from '@waymark/http';
import { DataSource } from 'typeorm';

@Controller('whoami')
class WhoAmIController {
  @Get()
  whoami(@CurrentCommissioner() commissionerId: string) {
    return { commissionerId };
  }

  @Public()
  @Get('public')
  open() {
    return { public: true };
  }
}

export interface CommissionerTestApp {
  baseUrl: string;
  credentials: CredentialStore;
  /** The app's default connection, standing in for measures-service's projections. */
  defaultDataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A tiny Nest app wired as measures-service is: a default TypeORM connection (there the projections'; here an empty
 * one), the commissioner-access connection beside it, ApiKeyGuard for commissioners as APP_GUARD, problem responses
 * (health probes are on the management server, not the app).
 */
export async function startCommissionerTestApp(
  databaseUrl: string,
  authCache: AuthCacheOptions = {},
): Promise<CommissionerTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'postgres', url: databaseUrl, entities: [], synchronize: false }),
      commissionerAccessTypeOrmModule(databaseUrl),
      ApiKeysModule.forRoot({ audience: COMMISSIONERS, connection: COMMISSIONER_ACCESS_DATA_SOURCE, authCache }),
    ],
    controllers: [WhoAmIController],
    providers: [{ provide: APP_GUARD, useExisting: ApiKeyGuard }],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  app.useGlobalFilters(new ProblemFilter());
  await app.listen(0, '127.0.0.1');
  return {
    baseUrl: await app.getUrl(),
    credentials: app.get(CredentialStore),
    defaultDataSource: app.get(DataSource),
    close: () => app.close(),
  };
}
