import { DataSource, DataSourceOptions } from 'typeorm';

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/** A migration or entity class. */
type Class = new () => unknown;

/** What one library keeps in a schema it shares with others: its migrations, and entities if it uses any. */
export interface SchemaPart {
  migrations: Class[];
  entities?: Class[];
}

export interface SchemaSettings {
  url: string;
  schema: string;
  /** Each part's migrations, in this order. */
  parts: SchemaPart[];
  /** node-postgres pool settings (`max`, timeouts). */
  pool: PostgresOptions['extra'];
}

/**
 * A connection to one schema built only by migrations — run at start-up, recorded in `<schema>.migrations`, never
 * synchronize. Start it with SchemaDataSource, which creates the schema and takes the lock first.
 */
export function schemaDataSourceOptions({ url, schema, parts, pool }: SchemaSettings): PostgresOptions {
  return {
    type: 'postgres',
    url,
    schema,
    entities: parts.flatMap((part) => part.entities ?? []),
    migrations: parts.flatMap((part) => part.migrations),
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: pool,
  };
}

/**
 * TypeORM creates its migrations table before it runs the first migration, and fails on a fresh database because
 * the schema that table belongs in does not exist yet; so the schema is created first. Several processes may start
 * together on a fresh database (replicas, ops-cli): TypeORM takes no lock of its own, so they take turns under an
 * advisory lock named after the schema.
 */
export class SchemaDataSource extends DataSource {
  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]) {
    const { schema } = this.options as PostgresOptions;
    const lock = this.createQueryRunner();
    const key = [`waymark.migrations.${schema}`];
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', key);
      await this.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      return await super.runMigrations(options);
    } finally {
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', key).catch(() => undefined);
      await lock.release();
    }
  }
}

/** Connects and brings the schema up to date. */
export function openSchemaDataSource(settings: SchemaSettings): Promise<DataSource> {
  return new SchemaDataSource(schemaDataSourceOptions(settings)).initialize();
}
