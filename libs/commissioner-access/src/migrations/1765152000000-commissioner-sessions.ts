import { MigrationInterface, QueryRunner } from 'typeorm';

/** The dashboard's signed-in sessions: revocable server-side, each tied to the key it was signed in with. */
export class CommissionerSessions1765152000000 implements MigrationInterface {
  name = 'CommissionerSessions1765152000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE commissioner_access.commissioner_sessions (
        token_hash      bytea PRIMARY KEY,
        key_id          text NOT NULL
                          REFERENCES commissioner_access.commissioner_credentials (key_id) ON DELETE CASCADE,
        commissioner_id text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        expires_at      timestamptz NOT NULL,
        CONSTRAINT ck_commissioner_sessions_hash CHECK (octet_length(token_hash) = 32)
      )`);
    await q.query(
      `CREATE INDEX ix_commissioner_sessions_expires ON commissioner_access.commissioner_sessions (expires_at)`,
    );
    await q.query(`CREATE INDEX ix_commissioner_sessions_key ON commissioner_access.commissioner_sessions (key_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE commissioner_access.commissioner_sessions`);
  }
}
