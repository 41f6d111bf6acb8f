import { hashSecret } from '@waymark/api-keys';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A signed-in commissioner: who, with which key, until when. */
export interface CommissionerSession {
  commissionerId: string;
  keyId: string;
  expiresAt: Date;
}

/** 32 random bytes in base64url: what the session cookie carries. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * The dashboard's sessions, kept server-side in commissioner_access.commissioner_sessions so that each can be ended:
 * by signing out, by its expiry, or by ops revoking the key it was signed in with (every lookup joins the key's
 * credential, so a revoked key's sessions end at their next request). The cookie carries a random token; only its
 * SHA-256 is stored, like an API key's secret.
 */
export class CommissionerSessions {
  constructor(private readonly dataSource: DataSource) {}

  /** A new session for a key that has just authenticated; expired sessions are cleared out on the way. */
  async start(keyId: string, commissionerId: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    await this.dataSource.query(`DELETE FROM commissioner_access.commissioner_sessions WHERE expires_at <= now()`);
    const token = randomBytes(32).toString('base64url');
    const [{ expires_at: expiresAt }]: { expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO commissioner_access.commissioner_sessions (token_hash, key_id, commissioner_id, expires_at)
       VALUES ($1, $2, $3, now() + $4 * interval '1 millisecond')
       RETURNING expires_at`,
      [hashSecret(token), keyId, commissionerId, ttlMs],
    );
    return { token, expiresAt };
  }

  /** The live session a token stands for: null when unknown, ended, expired, or its key has been revoked. */
  async find(token: string): Promise<CommissionerSession | null> {
    if (!TOKEN.test(token)) return null;
    const rows: { commissioner_id: string; key_id: string; expires_at: Date }[] = await this.dataSource.query(
      `SELECT s.commissioner_id, s.key_id, s.expires_at
       FROM commissioner_access.commissioner_sessions s
       JOIN commissioner_access.commissioner_credentials c ON c.key_id = s.key_id
       WHERE s.token_hash = $1 AND s.expires_at > now() AND c.revoked_at IS NULL`,
      [hashSecret(token)],
    );
    const [row] = rows;
    return row ? { commissionerId: row.commissioner_id, keyId: row.key_id, expiresAt: row.expires_at } : null;
  }

  /** Ends the session (signing out); ending one that is gone already is fine. */
  async end(token: string): Promise<void> {
    if (!TOKEN.test(token)) return;
    await this.dataSource.query(`DELETE FROM commissioner_access.commissioner_sessions WHERE token_hash = $1`, [
      hashSecret(token),
    ]);
  }
}
