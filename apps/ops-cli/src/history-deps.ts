import { temporalConnection } from '@waymark/config';
import { AesGcmPayloadCodec, payloadKeyRing } from '@waymark/payload-codec';
import {
  connectClient,
  installCommandLineRuntime,
  replayCheck,
  replayWorkerOptions,
  workflowCodeOptions,
  workflowHistories,
} from '@waymark/temporal';
import type { HistoryConfig } from './config';
import type { KeyUsageDeps } from './payload-keys-commands';
import type { ReplayCheckDeps } from './workflows-commands';

/** Temporal, with the codec the services use, and this build's workflow code as the worker runs it. */
export async function openHistoryDeps(
  config: HistoryConfig,
): Promise<ReplayCheckDeps & KeyUsageDeps & { close(): Promise<void> }> {
  installCommandLineRuntime();
  const ring = payloadKeyRing(config);
  const codec = new AesGcmPayloadCodec(ring);
  const client = await connectClient({
    connection: temporalConnection(config),
    namespace: config.TEMPORAL_NAMESPACE,
    codec,
  });
  const code = workflowCodeOptions({ workflowBundlePath: config.WORKFLOW_BUNDLE_PATH, codec });
  return {
    histories: (options) => workflowHistories(client, options),
    replay: (options, onProgress) =>
      replayCheck(replayWorkerOptions(code), workflowHistories(client, options), onProgress),
    ring: { activeKeyId: ring.activeKeyId, keyIds: Object.keys(ring.keys), plain: ring.plain ?? 'refuse' },
    close: () => client.connection.close(),
  };
}
