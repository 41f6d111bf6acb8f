import { MigrationInterface, QueryRunner } from 'typeorm';

export class CommissionerCredentials1764547200000 implements MigrationInterface {
  name = 'CommissionerCredentials1764547200000';

  async up(q: QueryRunner): Promise<void> {
    // SchemaDataSource has created the schema already (TypeORM keeps its migrations table in it); this
    // keeps the migration whole when run by other means.
    await q.query(`CREATE SCHEMA IF NOT EXISTS commissioner_access`);
    await q.query(`
      CREATE TABLE commissioner_access.commissioner_credentials (
        key_id          text PRIMARY KEY,
        commissioner_id text NOT NULL,
        secret_hash     bytea NOT NULL,
        label           text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        revoked_at      timestamptz,
        CONSTRAINT ck_commissioner_credentials_hash CHECK (octet_length(secret_hash) = 32)
      )`);
    await q.query(
      `CREATE INDEX ix_commissioner_credentials_commissioner
         ON commissioner_access.commissioner_credentials (commissioner_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The schema stays: it also holds the migrations table.
    await q.query(`DROP TABLE commissioner_access.commissioner_credentials`);
  }
}
