import { kafkaEnv, logEnv, managementEnv, shutdownEnv, temporalEnv } from '@waymark/config';
import { checkPayloadActiveKey, payloadCodecEnv } from '@waymark/payload-codec';
import { join } from 'node:path';
import { z } from 'zod';

export const workerConfigSchema = z
  .object({
    ...managementEnv(3502),
    ...shutdownEnv,
    ...logEnv,
    ...temporalEnv,
    ...kafkaEnv,
    ...payloadCodecEnv,
    /** Prebuilt workflow bundle; the build writes it beside main.js. */
    WORKFLOW_BUNDLE_PATH: z.string().default(join(__dirname, 'workflow-bundle.js')),
  })
  .superRefine(checkPayloadActiveKey);
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
export const WORKER_CONFIG = Symbol('WORKER_CONFIG');
