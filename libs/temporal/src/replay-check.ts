import type { PayloadCodec } from '@temporalio/common';
import { Resource } from '@opentelemetry/resources';
import { NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { ReplayWorkerOptions, Worker, WorkerOptions } from '@temporalio/worker';
import type { ListedHistory } from './histories';

/**
 * The workflow code a worker runs and how it reads payloads: the prebuilt bundle and the payload codec. The worker
 * and the replay check both take them from here, so a check replays exactly what a worker of the same build runs.
 */
export function workflowCodeOptions({
  workflowBundlePath,
  codec,
}: {
  workflowBundlePath: string;
  codec: PayloadCodec;
}): Pick<WorkerOptions, 'workflowBundle' | 'dataConverter'> {
  return { workflowBundle: { codePath: workflowBundlePath }, dataConverter: { payloadCodecs: [codec] } };
}

/** A replay worker for that code: the tracing sink the bundle's interceptors call is there, and exports nothing. */
export function replayWorkerOptions(
  code: Pick<WorkerOptions, 'workflowBundle' | 'dataConverter'>,
): ReplayWorkerOptions {
  return {
    ...code,
    replayName: 'replay-check',
    sinks: { exporter: makeWorkflowExporter(new NoopSpanProcessor(), Resource.empty()) },
  };
}

export interface RunProblem {
  workflowId: string;
  runId: string;
  message: string;
}

export interface ReplaySummary {
  /** Runs replayed. */
  checked: number;
  passed: number;
  /** Runs this code could not replay: non-determinism, or a payload it cannot decode. */
  failed: RunProblem[];
  /** Runs whose history could not be downloaded, so not replayed. */
  unreadable: RunProblem[];
}

/**
 * Replays each history with the given workflow code, one at a time as they stream in, and sums up. A failure names
 * the run and the SDK's message (for non-determinism, which command differed from the history).
 */
export async function replayCheck(
  options: ReplayWorkerOptions,
  histories: AsyncIterable<ListedHistory>,
  onProgress: (summary: Readonly<ReplaySummary>) => void = () => undefined,
): Promise<ReplaySummary> {
  const summary: ReplaySummary = { checked: 0, passed: 0, failed: [], unreadable: [] };
  // The replayer asks for the next history only once it has answered for the last, so this is the run it answers for.
  let replaying = { workflowId: '', runId: '' };
  async function* readable() {
    for await (const listed of histories) {
      const { workflowId, runId } = listed;
      if ('unreadable' in listed) {
        summary.unreadable.push({ workflowId, runId, message: listed.unreadable });
        onProgress(summary);
        continue;
      }
      replaying = { workflowId, runId };
      yield { workflowId, history: listed.history };
    }
  }
  for await (const result of Worker.runReplayHistories(options, readable())) {
    summary.checked++;
    if (result.error) summary.failed.push({ ...replaying, message: result.error.message });
    else summary.passed++;
    onProgress(summary);
  }
  return summary;
}
