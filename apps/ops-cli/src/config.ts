import { databaseEnv, kafkaEnv } from '@waymark/config';
import { measuresEnv } from '@waymark/measures-store';
import { z } from 'zod';

export const opsConfigSchema = z.object({ ...databaseEnv });

/** A rebuild also reads the topic and must use measures-service's calendar and consumer group. */
export const rebuildConfigSchema = z.object({ ...databaseEnv, ...kafkaEnv, ...measuresEnv });

/** Dead letters live on Kafka only; the group says whose they are. */
export const deadLettersConfigSchema = z.object({
  ...kafkaEnv,
  MEASURES_CONSUMER_GROUP: measuresEnv.MEASURES_CONSUMER_GROUP,
});
