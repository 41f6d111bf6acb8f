import { join } from 'node:path';
import { databaseEnv, kafkaEnv, temporalEnv } from '@waymark/config';
import { measuresEnv } from '@waymark/measures-store';
import { checkPayloadActiveKey, payloadCodecEnv } from '@waymark/payload-codec';
import { z } from 'zod';

export const opsConfigSchema = z.object({ ...databaseEnv });

/** A rebuild also reads the topic and must use measures-service's calendar and consumer group. */
export const rebuildConfigSchema = z.object({ ...databaseEnv, ...kafkaEnv, ...measuresEnv });

/** Dead letters live on Kafka only; the group says whose they are. */
export const deadLettersConfigSchema = z.object({
  ...kafkaEnv,
  MEASURES_CONSUMER_GROUP: measuresEnv.MEASURES_CONSUMER_GROUP,
});

/** A repair reads journeys' Temporal histories (decrypting them as the worker does) and republishes to the topic. */
export const repairConfigSchema = z
  .object({ ...databaseEnv, ...kafkaEnv, ...temporalEnv, ...payloadCodecEnv })
  .superRefine(checkPayloadActiveKey);
export type RepairConfig = z.infer<typeof repairConfigSchema>;

/** Reading journeys' histories: Temporal and the key ring (usage reads only key ids; a replay decrypts). */
export const historyConfigSchema = z
  .object({
    ...temporalEnv,
    ...payloadCodecEnv,
    /** The workflow code to replay: the bundle the build writes beside main.js, as the worker's. */
    WORKFLOW_BUNDLE_PATH: z.string().default(join(__dirname, 'workflow-bundle.js')),
  })
  .superRefine(checkPayloadActiveKey);
export type HistoryConfig = z.infer<typeof historyConfigSchema>;
