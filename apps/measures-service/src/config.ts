import { apiClientEnv, databaseEnv, httpEnv, kafkaEnv, logEnv } from '@waymark/config';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '@waymark/measures-maths';
import { measuresEnv } from '@waymark/measures-store';
import { z } from 'zod';

export const measuresConfigSchema = z.object({
  ...httpEnv(3001),
  ...apiClientEnv,
  ...logEnv,
  ...kafkaEnv,
  ...databaseEnv,
  ...measuresEnv,
  /** Counts below this, and rates or statistics over fewer things, are withheld from commissioners. */
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(DEFAULT_DISCLOSURE_THRESHOLD),
});
export type MeasuresConfig = z.infer<typeof measuresConfigSchema>;
export const MEASURES_CONFIG = Symbol('MEASURES_CONFIG');
