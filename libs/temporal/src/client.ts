import { Client, Connection } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { TemporalConnection } from '@waymark/config';
import { tracingClientInterceptors } from './tracing';

export interface TemporalSettings {
  /** Address, TLS and API key: temporalConnection(config) from @waymark/config. */
  connection: TemporalConnection;
  namespace: string;
  /** Encrypts every payload before it reaches Temporal; required, so nothing goes out in clear. */
  codec: PayloadCodec;
}

export async function connectClient({ connection, namespace, codec }: TemporalSettings): Promise<Client> {
  // The trace context rides along in the headers (a no-op while tracing is off).
  return new Client({
    connection: await Connection.connect(connection),
    namespace,
    dataConverter: { payloadCodecs: [codec] },
    interceptors: tracingClientInterceptors(),
  });
}

/** Resolves when the frontend answers for our namespace. */
export async function pingTemporal(client: Client): Promise<void> {
  await client.workflowService.describeNamespace({ namespace: client.options.namespace });
}
