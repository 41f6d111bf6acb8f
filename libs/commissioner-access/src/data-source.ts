import { DataSource, DataSourceOptions } from 'typeorm';
import { CommissionerCredential } from './commissioner-credential.entity';
import { CommissionerCredentials1764547200000 } from './migrations/1764547200000-commissioner-credentials';
import { CommissionerSessions1765152000000 } from './migrations/1765152000000-commissioner-sessions';

/** Commissioners' credentials live here: apart from the projections (public) and from providers' (provider_api). */
export const COMMISSIONER_ACCESS_SCHEMA = 'commissioner_access';

/**
 * The name of measures-service's second TypeORM connection, the one to this schema (the default connection is the
 * projections'). Inject it with `@InjectDataSource(COMMISSIONER_ACCESS_DATA_SOURCE)`.
 */
export const COMMISSIONER_ACCESS_DATA_SOURCE = 'commissioner-access';

export const COMMISSIONER_ACCESS_ENTITIES = [CommissionerCredential];
export const COMMISSIONER_ACCESS_MIGRATIONS = [CommissionerCredentials1764547200000, CommissionerSessions1765152000000];

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * The schema comes only from migrations, run at start-up and recorded in commissioner_access.migrations (not in the
 * projections' migrations table); never from synchronize. Start it with CommissionerAccessDataSource, which creates
 * the schema that table lives in.
 */
export function commissionerAccessDataSourceOptions(url: string): PostgresOptions {
  return {
    type: 'postgres',
    url,
    schema: COMMISSIONER_ACCESS_SCHEMA,
    entities: COMMISSIONER_ACCESS_ENTITIES,
    migrations: COMMISSIONER_ACCESS_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // One small lookup per request that misses the authentication cache: a few connections are plenty, and none
    // of them may wait forever (decision 0012).
    extra: {
      max: 4,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 5_000,
      idle_in_transaction_session_timeout: 30_000,
    },
  };
}

/** The advisory lock migrations of this schema are run under (any number that no other lock of ours uses). */
const MIGRATIONS_LOCK = 7_260_417_001;

/**
 * TypeORM creates its migrations table before it runs the first migration, and fails on a fresh database because
 * the schema that table belongs in does not exist yet; so the schema is created first. Every process that holds
 * commissioners' credentials (measures-service, the dashboard, ops-cli) migrates the schema at start-up, and they may
 * start together on a fresh database: TypeORM takes no lock of its own, so they take turns under an advisory lock.
 */
export class CommissionerAccessDataSource extends DataSource {
  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]) {
    const lock = this.createQueryRunner();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATIONS_LOCK]);
      await this.query(`CREATE SCHEMA IF NOT EXISTS ${COMMISSIONER_ACCESS_SCHEMA}`);
      return await super.runMigrations(options);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATIONS_LOCK]).catch(() => undefined);
      await lock.release();
    }
  }
}

/** Connects and brings the schema up to date. */
export function openCommissionerAccessDataSource(url: string): Promise<DataSource> {
  return new CommissionerAccessDataSource(commissionerAccessDataSourceOptions(url)).initialize();
}
