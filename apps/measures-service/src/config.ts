import { databaseEnv, httpEnv, kafkaEnv, logEnv, managementEnv, shutdownEnv } from '@waymark/config';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '@waymark/measures-maths';
import { measuresEnv, measuresPoolsEnv } from '@waymark/measures-store';
import { z } from 'zod';

export const measuresConfigSchema = z.object({
  ...httpEnv(3001),
  ...managementEnv(3501),
  ...shutdownEnv,
  ...logEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...measuresEnv,
  ...measuresPoolsEnv,
  /** Counts below this, and rates or statistics over fewer things, are withheld from commissioners. */
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(DEFAULT_DISCLOSURE_THRESHOLD),
  /**
   * Liveness fails once reads, or the projection, have had work pending this long with nothing moving: far
   * longer than any statement may run, so only a process that can no longer answer is restarted.
   */
  MEASURES_STALL_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
});
export type MeasuresConfig = z.infer<typeof measuresConfigSchema>;
export const MEASURES_CONFIG = Symbol('MEASURES_CONFIG');
