import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { bundleWorkflowCode, NativeConnection, Worker, WorkflowBundle } from '@temporalio/worker';
import type { JourneyEvent } from '@waymark/event-contracts';
import { journeyActivities } from '@waymark/journey-workflows';
import { startTracing } from '@waymark/observability';
import { journeyWorkflowBundleOptions, tracingWorkerOptions } from '@waymark/temporal';
import { randomUUID } from 'node:crypto';

let bundle: Promise<WorkflowBundle> | undefined;

/** The journey workflow bundled from source with the production build's options, once per test file. */
export function journeyWorkflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode(journeyWorkflowBundleOptions());
  return bundle;
}

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
    // The same workflow code as the production bundle, tracing interceptors included.
    workflowBundle: await journeyWorkflowBundle(),
    interceptors: tracing.interceptors,
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
