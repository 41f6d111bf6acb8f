import { IdempotencyRecord } from './idempotency-record.entity';
import { IdempotencyRecords1764460860000 } from './migrations/1764460860000-idempotency-records';
import { IdempotencyRetention1764921600000 } from './migrations/1764921600000-idempotency-retention';

/** The idempotency records table: one part of journey-api's provider_api schema, which the app puts together. */
export const IDEMPOTENCY_RECORDS = {
  entities: [IdempotencyRecord],
  migrations: [IdempotencyRecords1764460860000, IdempotencyRetention1764921600000],
};
