import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { JourneyEvent } from '@waymark/event-contracts';
import { journeyActivities } from '@waymark/journey-workflows';
import { startTracing } from '@waymark/observability';
import { tracingWorkerOptions, workflowBundlerOptions, workflowInterceptorModules } from '@waymark/temporal';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

export interface JourneyTestWorker {
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * The journey workflow from source on the stack's Temporal dev server, on a task queue of the caller's own, with the
 * given publishing function standing in for the worker's Kafka producer; and a client to drive it.
 */
export async function startJourneyWorker(
  name: string,
  publish: (events: JourneyEvent[]) => Promise<void>,
  dataConverter?: DataConverter,
): Promise<JourneyTestWorker> {
  const address = process.env['TEMPORAL_ADDRESS'] ?? '';
  const namespace = process.env['TEMPORAL_NAMESPACE'] ?? 'waymark';
  const taskQueue = `${name}-${randomUUID()}`;
  const client = new Client({ connection: await Connection.connect({ address }), namespace, dataConverter });
  // Off unless OTEL_* say otherwise; the workflow's span sink is registered either way.
  const tracing = tracingWorkerOptions(startTracing('integration-tests'));
  const worker = await Worker.create({
    connection: await NativeConnection.connect({ address }),
    namespace,
    taskQueue,
    workflowsPath: join(__dirname, '../../../libs/journey-workflows/src/workflows.ts'),
    bundlerOptions: workflowBundlerOptions,
    // The same workflow code as the production bundle, tracing interceptors included.
    interceptors: { ...tracing.interceptors, workflowModules: workflowInterceptorModules },
    sinks: tracing.sinks,
    activities: journeyActivities(publish),
    dataConverter,
  });
  const running = worker.run();
  return {
    client,
    taskQueue,
    stop: async () => {
      worker.shutdown();
      await running;
      await client.connection.close();
    },
  };
}
