import { databaseEnv, httpEnv, kafkaEnv, logEnv } from '@waymark/config';
import { z } from 'zod';

export const measuresConfigSchema = z.object({
  ...httpEnv(3001),
  ...logEnv,
  ...kafkaEnv,
  ...databaseEnv,
  /** Consumer group; a new group id replays the topic from the beginning. */
  MEASURES_CONSUMER_GROUP: z.string().min(1).default('measures-service'),
});
export type MeasuresConfig = z.infer<typeof measuresConfigSchema>;
export const MEASURES_CONFIG = Symbol('MEASURES_CONFIG');
