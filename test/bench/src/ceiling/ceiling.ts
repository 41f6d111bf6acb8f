/**
 * The ceiling: the same callers and the same share of opens as the API run, straight against Temporal with a
 * minimal workflow (ceiling/workflow.ts), client and worker in this process. What Waymark's commands are a ratio of.
 */
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Sample } from '../stats';
import { ceilingCommand } from './workflow';

export interface CeilingSettings {
  address: string;
  namespace: string;
  /** Concurrent callers, one request in flight each (the API run's providers). */
  callers: number;
  /** Share of commands that open a new workflow (the API run's share of opens). */
  openShare: number;
  /** A command body of the size the API run sent, so payloads weigh the same. */
  body: unknown;
  durationMs: number;
  requestTimeoutMs: number;
  signal: AbortSignal;
  /** Called as the load starts, with its start on the run's clock (performance.now()). */
  onStart: (t0: number) => void;
}

/** Workflows a caller keeps going, as the API run's providers keep about three journeys each. */
const KEPT = 3;

/** Samples on the run's clock, as the API run's; `t0` is when the load started. */
export async function runCeiling(settings: CeilingSettings): Promise<{ samples: Sample[]; t0: number }> {
  const taskQueue = `bench-ceiling-${process.pid}-${Date.now()}`;
  Runtime.install({ logger: new DefaultLogger('WARN') }); // the worker's state changes are not the benchmark's output
  const nativeConnection = await NativeConnection.connect({ address: settings.address });
  const connection = await Connection.connect({ address: settings.address });
  const client = new Client({ connection, namespace: settings.namespace });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: settings.namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflow'),
  });
  const samples: Sample[] = [];
  const running = worker.run();
  try {
    const t0 = performance.now();
    settings.onStart(t0);
    const stopAt = t0 + settings.durationMs;
    await Promise.all(
      Array.from({ length: settings.callers }, () => caller(client, taskQueue, settings, stopAt, samples)),
    );
    return { samples, t0 };
  } finally {
    worker.shutdown();
    await running;
    await connection.close();
    await nativeConnection.close();
  }
}

async function caller(
  client: Client,
  taskQueue: string,
  settings: CeilingSettings,
  stopAt: number,
  samples: Sample[],
): Promise<void> {
  const kept: string[] = [];
  while (performance.now() < stopAt && !settings.signal.aborted) {
    const open = kept.length === 0 || Math.random() < settings.openShare;
    const workflowId = open ? `bench-ceiling-${randomUUID()}` : (kept[Math.floor(Math.random() * kept.length)] ?? '');
    const start = performance.now();
    let status = 200;
    let detail: string | undefined;
    try {
      const call: Promise<unknown> = open
        ? client.workflow.start('ceilingJourney', {
            taskQueue,
            workflowId,
            args: [settings.body],
            // Ends on its own: a benchmark leaves nothing running for long.
            workflowExecutionTimeout: settings.durationMs + 600_000,
          })
        : client.workflow.getHandle(workflowId).executeUpdate(ceilingCommand, { args: [settings.body] });
      await withTimeout(call, settings.requestTimeoutMs);
      if (open && kept.push(workflowId) > KEPT) kept.shift();
    } catch (error) {
      status = 0;
      detail = error instanceof Error ? error.name : String(error);
    }
    const end = performance.now();
    samples.push({ kind: open ? 'open' : 'update', start, end, status, ...(detail ? { detail } : {}) });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('no answer in time'), { name: 'TimeoutError' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
