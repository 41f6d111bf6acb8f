import { apiClientEnv, databaseEnv, httpEnv, kafkaEnv, logEnv, managementEnv, shutdownEnv } from '@waymark/config';
import { DEFAULT_RETRY_POLICY } from '@waymark/kafka';
import { disclosureEnv } from '@waymark/measures-reading';
import { measuresEnv, measuresPoolsEnv } from '@waymark/measures-store';
import { z } from 'zod';

export const measuresConfigSchema = z.object({
  ...httpEnv(3001),
  ...apiClientEnv,
  ...managementEnv(3501),
  ...shutdownEnv,
  ...logEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...measuresEnv,
  ...measuresPoolsEnv,
  /** Failed tries (while the database answers) before a batch's events are tried apart and a poison one set aside. */
  MEASURES_BATCH_TRIES: z.coerce.number().int().min(1).max(100).default(DEFAULT_RETRY_POLICY.tries),
  /** Wait after a batch's first failure, doubling after each further one up to MEASURES_RETRY_MAX_BACKOFF_MS. */
  MEASURES_RETRY_BACKOFF_MS: z.coerce.number().int().min(1).default(DEFAULT_RETRY_POLICY.backoffMs),
  MEASURES_RETRY_MAX_BACKOFF_MS: z.coerce.number().int().min(1).default(DEFAULT_RETRY_POLICY.maxBackoffMs),
  ...disclosureEnv,
  /**
   * Liveness fails once reads, or the projection, have had work pending this long with nothing moving: far
   * longer than any statement may run, so only a process that can no longer answer is restarted.
   */
  MEASURES_STALL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
});
export type MeasuresConfig = z.infer<typeof measuresConfigSchema>;
export const MEASURES_CONFIG = Symbol('MEASURES_CONFIG');
