import { databaseEnv, httpEnv, logEnv, managementEnv, shutdownEnv, temporalEnv } from '@waymark/config';
import { DEFAULT_SETTINGS } from '@waymark/journey-domain';
import { checkPayloadActiveKey, payloadCodecEnv } from '@waymark/payload-codec';
import { z } from 'zod';

export const apiConfigSchema = z
  .object({
    ...httpEnv(3000),
    ...managementEnv(3500),
    ...shutdownEnv,
    ...logEnv,
    ...temporalEnv,
    ...databaseEnv,
    ...payloadCodecEnv,
    /** No activity for this many days raises a stall (new journeys take the value at their start). */
    JOURNEY_STALL_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_SETTINGS.stallDays),
    /** Days after a resolved closure in which a new contact reopens the journey. */
    JOURNEY_FOLLOW_UP_DAYS: z.coerce.number().int().min(1).max(730).default(DEFAULT_SETTINGS.followUpDays),
    /** Commands a provider may send per minute. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  })
  .superRefine(checkPayloadActiveKey);
export type ApiConfig = z.infer<typeof apiConfigSchema>;
