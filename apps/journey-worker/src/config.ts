import { kafkaEnv, logEnv, managementEnv, portVar, shutdownEnv, temporalEnv } from '@waymark/config';
import { checkPayloadActiveKey, payloadCodecEnv } from '@waymark/payload-codec';
import { join } from 'node:path';
import { z } from 'zod';

export const workerConfigSchema = z
  .object({
    ...managementEnv(3502),
    /**
     * The Temporal SDK's Prometheus exporter, on 127.0.0.1 only (the worker has no API of its own to put here): the
     * management server's /metrics includes its page, so one scrape target has both.
     */
    PORT: portVar(3002),
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

/** Where the Temporal SDK serves its runtime metrics: this host only, read through the management server. */
export const sdkMetricsAddress = (config: WorkerConfig) => `127.0.0.1:${config.PORT}`;
