import { DataSource } from 'typeorm';
import { IdempotencyRecord } from './idempotency-record.entity';

export type BeginResult =
  | { kind: 'new' }
  | { kind: 'replay'; status: number; body: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

export const DEFAULT_LEASE_MS = 60_000;

const NEW: BeginResult = { kind: 'new' };
const MISMATCH: BeginResult = { kind: 'mismatch' };
const IN_PROGRESS: BeginResult = { kind: 'in-progress' };

/**
 * Idempotency records, keyed by (provider, key): a key is claimed by inserting its record, so of any number of
 * concurrent requests with one key exactly one gets `new`. All times come from the database clock.
 *
 * An attempt that has held its key for longer than the lease (it crashed, or its connection died) may be taken
 * over by a retry. That is safe only because the command underneath is itself idempotent (it derives its ids from
 * the request, so running it twice changes nothing twice): the lease bounds waiting, not duplicate execution.
 */
export class IdempotencyStore {
  constructor(
    private readonly dataSource: DataSource,
    private readonly leaseMs = DEFAULT_LEASE_MS,
  ) {}

  async begin(providerId: string, key: string, fingerprint: string): Promise<BeginResult> {
    const inserted = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(IdempotencyRecord)
      .values({ providerId, idempotencyKey: key, requestFingerprint: fingerprint, status: 'in-progress' })
      .orIgnore()
      .returning(['providerId'])
      .execute();
    if (inserted.raw.length > 0) return NEW;

    const record = await this.read(providerId, key);
    // Gone between the two statements: the attempt holding it has just released it, so it was in progress.
    if (!record) return IN_PROGRESS;
    if (record.requestFingerprint !== fingerprint) return MISMATCH;
    if (record.status === 'completed') {
      return { kind: 'replay', status: record.responseStatus, body: record.responseBody };
    }
    return (await this.takeOverExpired(providerId, key)) ? NEW : IN_PROGRESS;
  }

  /** Records the response to replay. Only the attempt in progress completes; a later completion changes nothing. */
  async complete(providerId: string, key: string, status: number, body: unknown): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(IdempotencyRecord)
      .set({ status: 'completed', responseStatus: status, responseBody: body ?? null, completedAt: () => 'now()' })
      .where(inProgress, { providerId, key })
      .execute();
  }

  /** Gives the key up without a response (e.g. after a 5xx), so a retry can run the request at once. */
  async release(providerId: string, key: string): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(IdempotencyRecord)
      .where(inProgress, { providerId, key })
      .execute();
  }

  /**
   * Deletes records first used longer than `retentionMs` ago (finished or not), a batch at a time so that no
   * statement holds many locks; rows another pruner holds are skipped. Returns how many it deleted. A retry after
   * that runs its command again, which the command's own idempotency (ids from the key) keeps harmless.
   */
  async prune(retentionMs: number, batchSize = 1000): Promise<number> {
    let deleted = 0;
    for (;;) {
      const table = this.dataSource.getMetadata(IdempotencyRecord).tablePath;
      const [, count] = (await this.dataSource.query(
        `DELETE FROM ${table}
          WHERE (provider_id, idempotency_key) IN (
            SELECT provider_id, idempotency_key FROM ${table}
             WHERE created_at < now() - $1 * interval '1 millisecond'
             LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [retentionMs, batchSize],
      )) as [unknown, number];
      deleted += count;
      if (count < batchSize) return deleted;
    }
  }

  /** Raw values: pg has already parsed the jsonb (TypeORM would JSON.parse a JSON string body a second time). */
  private async read(providerId: string, key: string) {
    return this.dataSource
      .createQueryBuilder()
      .select('r.request_fingerprint', 'requestFingerprint')
      .addSelect('r.status', 'status')
      .addSelect('r.response_status', 'responseStatus')
      .addSelect('r.response_body', 'responseBody')
      .from(IdempotencyRecord, 'r')
      .where('r.provider_id = :providerId AND r.idempotency_key = :key', { providerId, key })
      .getRawOne<
        Pick<IdempotencyRecord, 'requestFingerprint' | 'status' | 'responseBody'> & { responseStatus: number }
      >();
  }

  /** Row-locking update: of concurrent takeovers, the second sees the renewed lease and matches nothing. */
  private async takeOverExpired(providerId: string, key: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(IdempotencyRecord)
      .set({ startedAt: () => 'now()' })
      .where(inProgress, { providerId, key })
      .andWhere(`started_at < now() - :leaseMs * interval '1 millisecond'`, { leaseMs: this.leaseMs })
      .execute();
    return (result.affected ?? 0) > 0;
  }
}

const inProgress = `provider_id = :providerId AND idempotency_key = :key AND status = 'in-progress'`;
