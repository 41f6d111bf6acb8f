import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import {
  MEASURES_READS_DATA_SOURCE,
  measuresPools,
  measuresPoolsEnv,
  MeasuresQueries,
  measuresReadsDataSourceOptions,
  ReadAdmission,
} from '@waymark/measures-store';
import { DataSource } from 'typeorm';
import { MeasuresReading } from './measures-reading';

type PoolsConfig = { [K in keyof typeof measuresPoolsEnv]: number };

export interface MeasuresReadingConfig extends PoolsConfig {
  DATABASE_URL: string;
  DISCLOSURE_THRESHOLD: number;
}

/**
 * The readers' own pool to the projections (MEASURES_READS_DATA_SOURCE, no migrations: whoever owns the projections
 * runs them) and the reading use case on it, its reads let in by a ReadAdmission sized to that pool (decision 0012).
 * Exports MeasuresReading.
 */
@Module({})
export class MeasuresReadingModule {
  static forRoot(config: MeasuresReadingConfig): DynamicModule {
    const pools = measuresPools(config);
    return {
      module: MeasuresReadingModule,
      imports: [TypeOrmModule.forRoot(measuresReadsDataSourceOptions(config.DATABASE_URL, pools.reads))],
      providers: [
        {
          provide: MeasuresReading,
          inject: [getDataSourceToken(MEASURES_READS_DATA_SOURCE)],
          useFactory: (dataSource: DataSource) => {
            const admission = new ReadAdmission(pools.admission);
            return new MeasuresReading(
              new MeasuresQueries(dataSource, admission),
              admission,
              config.DISCLOSURE_THRESHOLD,
            );
          },
        },
      ],
      exports: [MeasuresReading],
    };
  }
}
