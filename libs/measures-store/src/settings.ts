import { checkTimeZone, DEFAULT_TIME_ZONE } from '@waymark/measures-maths';
import { z } from 'zod';
import type { PoolSettings } from './data-source';
import type { AdmissionLimits } from './read-admission';

function isTimeZone(zone: string): boolean {
  try {
    checkTimeZone(zone);
    return true;
  } catch {
    return false;
  }
}

/** Environment both measures-service and the rebuild command read: they must agree on both. */
export const measuresEnv = {
  /** measures-service's consumer group; a rebuild moves it to where the rebuild stopped. */
  MEASURES_CONSUMER_GROUP: z.string().min(1).default('measures-service'),
  /** The pilot's calendar for days, weeks and months; changing it needs a rebuild. */
  MEASURES_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine(isTimeZone, { message: 'must be an IANA time zone, e.g. Europe/London' }),
};

const count = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * measures-service's connections to the projections (decision 0012): a pool for the projection consumer and one
 * for commissioners' reads, which are let in only with every connection they need (ReadAdmission); timeouts so
 * that nothing waits forever.
 */
export const measuresPoolsEnv = {
  /** The readers' pool: an answer of figures takes two connections, a chart one. */
  MEASURES_READ_CONNECTIONS: count(2, 100, 6),
  /** Reads that may wait for connections; beyond, 503 with Retry-After. */
  MEASURES_READ_QUEUE_LIMIT: count(0, 10_000, 100),
  /** A read that waited this long for connections gets 503 with Retry-After. */
  MEASURES_READ_QUEUE_TIMEOUT_MS: count(100, 60_000, 5_000),
  /** PostgreSQL cancels a read's statement running longer (a figure's statements take milliseconds). */
  MEASURES_READ_STATEMENT_TIMEOUT_MS: count(100, 600_000, 10_000),
  /** The projection consumer's own pool (one batch at a time) and the readiness probe's. */
  MEASURES_PROJECTION_CONNECTIONS: count(2, 20, 3),
  /** PostgreSQL cancels a projection statement running longer; the batch fails and is delivered again. */
  MEASURES_PROJECTION_STATEMENT_TIMEOUT_MS: count(1_000, 3_600_000, 60_000),
  /** Waiting longer for a connection of either pool fails. */
  MEASURES_DB_ACQUIRE_TIMEOUT_MS: count(100, 600_000, 5_000),
  /** PostgreSQL ends a session whose transaction sits idle longer. */
  MEASURES_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: count(1_000, 3_600_000, 30_000),
};

type MeasuresPoolsConfig = { [K in keyof typeof measuresPoolsEnv]: number };

export function measuresPools(config: MeasuresPoolsConfig): {
  projection: PoolSettings;
  reads: PoolSettings;
  admission: AdmissionLimits;
} {
  const shared = {
    acquireTimeoutMs: config.MEASURES_DB_ACQUIRE_TIMEOUT_MS,
    idleInTransactionTimeoutMs: config.MEASURES_DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
  return {
    projection: {
      ...shared,
      connections: config.MEASURES_PROJECTION_CONNECTIONS,
      statementTimeoutMs: config.MEASURES_PROJECTION_STATEMENT_TIMEOUT_MS,
      applicationName: 'measures-service:projection',
    },
    reads: {
      ...shared,
      connections: config.MEASURES_READ_CONNECTIONS,
      statementTimeoutMs: config.MEASURES_READ_STATEMENT_TIMEOUT_MS,
      applicationName: 'measures-service:reads',
    },
    admission: {
      connections: config.MEASURES_READ_CONNECTIONS,
      queueLimit: config.MEASURES_READ_QUEUE_LIMIT,
      queueTimeoutMs: config.MEASURES_READ_QUEUE_TIMEOUT_MS,
    },
  };
}
