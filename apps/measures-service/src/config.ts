import { databaseEnv, httpEnv, kafkaEnv, logEnv } from '@waymark/config';
import { DEFAULT_DISCLOSURE_THRESHOLD } from '@waymark/measures-maths';
import { checkTimeZone, DEFAULT_TIME_ZONE } from '@waymark/measures-projection';
import { z } from 'zod';

export const measuresConfigSchema = z.object({
  ...httpEnv(3001),
  ...logEnv,
  ...kafkaEnv,
  ...databaseEnv,
  /** Consumer group; a new group id replays the topic from the beginning. */
  MEASURES_CONSUMER_GROUP: z.string().min(1).default('measures-service'),
  /** The pilot's calendar for days, weeks and months; changing it needs a rebuild. */
  MEASURES_TIME_ZONE: z
    .string()
    .default(DEFAULT_TIME_ZONE)
    .refine(
      (zone) => {
        try {
          checkTimeZone(zone);
          return true;
        } catch {
          return false;
        }
      },
      { message: 'must be an IANA time zone, e.g. Europe/London' },
    ),
  /** Counts below this, and rates or statistics over fewer things, are withheld from commissioners. */
  DISCLOSURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(DEFAULT_DISCLOSURE_THRESHOLD),
});
export type MeasuresConfig = z.infer<typeof measuresConfigSchema>;
export const MEASURES_CONFIG = Symbol('MEASURES_CONFIG');
