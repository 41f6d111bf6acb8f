import { apiClientEnv, databaseEnv, httpEnv, logEnv, managementEnv, shutdownEnv, temporalEnv } from '@waymark/config';
import { instant } from '@waymark/event-contracts';
import { DEFAULT_DEADLINE_MS } from '@waymark/journey-client';
import { DEFAULT_PILOT_EPOCH, DEFAULT_SETTINGS } from '@waymark/journey-domain';
import { checkPayloadActiveKey, payloadCodecEnv } from '@waymark/payload-codec';
import { z } from 'zod';

export const apiConfigSchema = z
  .object({
    ...httpEnv(3000),
    ...apiClientEnv,
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
    /**
     * Days after a follow-up window ends (or after its closure is recorded, if later) in which a record dated inside
     * the window still reopens the journey; "sustained" is provisional until then.
     */
    JOURNEY_LATE_RECORD_DAYS: z.coerce.number().int().min(0).max(365).default(DEFAULT_SETTINGS.lateRecordDays),
    /** No occurredAt before this instant is accepted, on any journey (e.g. when the pilot's loaded history begins). */
    PILOT_EPOCH: instant.default(DEFAULT_PILOT_EPOCH),
    /** Milliseconds a call to Temporal may take (a command waits for a worker) before the answer is 503, retry. */
    TEMPORAL_DEADLINE_MS: z.coerce.number().int().min(500).max(60_000).default(DEFAULT_DEADLINE_MS),
    /** Idempotency records are deleted this many days after a key's first use (a retry after that runs again). */
    IDEMPOTENCY_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
    /** How often journey-api looks for records past their retention. */
    IDEMPOTENCY_PRUNE_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1440).default(60),
    /** Commands a provider may send per minute. */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  })
  .superRefine(checkPayloadActiveKey);
export type ApiConfig = z.infer<typeof apiConfigSchema>;
