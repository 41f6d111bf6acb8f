import { MigrationInterface, QueryRunner } from 'typeorm';

export class ProviderCredentials1764460800000 implements MigrationInterface {
  name = 'ProviderCredentials1764460800000';

  async up(q: QueryRunner): Promise<void> {
    // SchemaDataSource has created the schema already (TypeORM keeps its migrations table in it); this keeps
    // the migration whole when run by other means.
    await q.query(`CREATE SCHEMA IF NOT EXISTS provider_api`);
    await q.query(`
      CREATE TABLE provider_api.provider_credentials (
        key_id      text PRIMARY KEY,
        provider_id text NOT NULL,
        secret_hash bytea NOT NULL,
        label       text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        revoked_at  timestamptz,
        CONSTRAINT ck_provider_credentials_hash CHECK (octet_length(secret_hash) = 32)
      )`);
    await q.query(`CREATE INDEX ix_provider_credentials_provider ON provider_api.provider_credentials (provider_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The schema stays: it also holds the migrations table.
    await q.query(`DROP TABLE provider_api.provider_credentials`);
  }
}
