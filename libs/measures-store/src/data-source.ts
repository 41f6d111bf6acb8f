import { DataSourceOptions } from 'typeorm';
import { CostRate } from './entities/cost-rate.entity';
import { InitialSchema1764403200000 } from './migrations/1764403200000-initial-schema';
import { ValueMeasures1764489600000 } from './migrations/1764489600000-value-measures';
import { Rollups1764576000000 } from './migrations/1764576000000-rollups';
import { HeldEvents1764662400000 } from './migrations/1764662400000-held-events';

/**
 * Only the cost rates are read and written through TypeORM; the projection tables are made by the migrations and
 * written with set-based SQL (projection-writer.ts, held-events.ts), so they have no entities.
 */
export const MEASURES_ENTITIES = [CostRate];
export const MEASURES_MIGRATIONS = [
  InitialSchema1764403200000,
  ValueMeasures1764489600000,
  Rollups1764576000000,
  HeldEvents1764662400000,
];

export type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** A connection pool and the limits that keep anything on it from waiting forever. */
export interface PoolSettings {
  connections: number;
  /** Waiting for a connection of the pool longer than this fails. */
  acquireTimeoutMs: number;
  /** PostgreSQL cancels a statement running longer; 0 for none (a rebuild's long statements). */
  statementTimeoutMs: number;
  /** PostgreSQL ends a session whose transaction sits idle longer (its client stuck or gone). */
  idleInTransactionTimeoutMs: number;
  /** Shown in pg_stat_activity, so a stuck session says whose it is. */
  applicationName: string;
}

/** ops-cli, tests and benchmarks: no statement timeout (a rebuild derives its rollups in long statements). */
export const OPS_POOL: PoolSettings = {
  connections: 10,
  acquireTimeoutMs: 60_000,
  statementTimeoutMs: 0,
  idleInTransactionTimeoutMs: 60_000,
  applicationName: 'waymark-measures',
};

/** The schema comes only from migrations, run at start-up; never from synchronize. */
export function measuresDataSourceOptions(url: string, pool: PoolSettings = OPS_POOL): PostgresOptions {
  return {
    type: 'postgres',
    url,
    entities: MEASURES_ENTITIES,
    migrations: MEASURES_MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    applicationName: pool.applicationName,
    extra: {
      max: pool.connections,
      connectionTimeoutMillis: pool.acquireTimeoutMs,
      statement_timeout: pool.statementTimeoutMs,
      idle_in_transaction_session_timeout: pool.idleInTransactionTimeoutMs,
    },
  };
}

/**
 * measures-service's second connection to the projections, for the commissioners' reads only, so the projection
 * consumer's pool is never taken by readers (decision 0012). It runs no migrations: the default connection does.
 * Inject it with `@InjectDataSource(MEASURES_READS_DATA_SOURCE)`.
 */
export const MEASURES_READS_DATA_SOURCE = 'measures-reads';

export function measuresReadsDataSourceOptions(url: string, pool: PoolSettings): PostgresOptions {
  return { ...measuresDataSourceOptions(url, pool), name: MEASURES_READS_DATA_SOURCE, migrationsRun: false };
}

/** The pool size a data source was made with (pg's default is 10). */
export function poolSize(options: DataSourceOptions): number {
  return Number((options.extra as { max?: number } | undefined)?.max ?? 10);
}
