import { checkTimeZone, DEFAULT_TIME_ZONE } from '@waymark/measures-projection';
import { z } from 'zod';

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
