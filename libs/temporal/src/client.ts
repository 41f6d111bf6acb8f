import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { tracingClientInterceptors } from './tracing';

export interface TemporalSettings {
  address: string;
  namespace: string;
  /** Encrypts every payload before it reaches Temporal; required, so nothing goes out in clear. */
  codec: PayloadCodec;
}

export async function connectClient({ address, namespace, codec }: TemporalSettings): Promise<Client> {
  const connection = await Connection.connect({ address });
  // The trace context rides along in the headers (a no-op while tracing is off).
  return new Client({
    connection,
    namespace,
    dataConverter: { payloadCodecs: [codec] },
    interceptors: tracingClientInterceptors(),
  });
}

/** Resolves when the frontend answers for our namespace. */
export async function pingTemporal(client: Client): Promise<void> {
  await client.workflowService.describeNamespace({ namespace: client.options.namespace });
}
