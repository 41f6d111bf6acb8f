import { IdempotencyRecord } from './idempotency-record.entity';
import { IdempotencyRecords1764460860000 } from './migrations/1764460860000-idempotency-records';
import { IdempotencyRetention1764921600000 } from './migrations/1764921600000-idempotency-retention';

/** Part of journey-api's provider_api data source, which @waymark/provider-access assembles. */
export const IDEMPOTENCY_ENTITIES = [IdempotencyRecord];
export const IDEMPOTENCY_MIGRATIONS = [IdempotencyRecords1764460860000, IdempotencyRetention1764921600000];
