import { journeyIdOf, journeyRunsQuery } from '@waymark/journey-client';
import type { HistoriesOptions, ReplaySummary, RunProblem } from '@waymark/temporal';
import type { HistoryCommand } from './history-args';
import { alignedTable, Output, secondsSince, throttledProgress } from './output';

/** Some run failed to replay or could not be read. */
export const EX_REPLAY_FAILED = 2;

export interface ReplayCheckDeps {
  /** Streams the runs' histories into a replay with this build's workflow code (libs/temporal replayCheck). */
  replay(histories: HistoriesOptions, onProgress: (summary: Readonly<ReplaySummary>) => void): Promise<ReplaySummary>;
  now?: () => number;
}

/**
 * `workflows replay-check`: replays the chosen journey runs' live histories with the workflow code of this build, as
 * a rollout runs it with the new image before its workers start. Any run that fails, or cannot be read, fails it.
 */
export async function runReplayCheck(
  command: Extract<HistoryCommand, { name: 'workflows replay-check' }>,
  deps: ReplayCheckDeps,
  output: Output,
): Promise<number> {
  const now = deps.now ?? Date.now;
  const started = now();
  const query = journeyRunsQuery(command.scope);
  output.err(`replaying journey runs matching: ${query}`);
  const progress = throttledProgress(output, now);
  const summary = await deps.replay({ query, ...(command.limit ? { limit: command.limit } : {}) }, (s) =>
    progress(() => `replayed ${s.checked} runs, ${s.failed.length} failed so far`),
  );
  const seconds = secondsSince(started, now());
  const ok = summary.failed.length === 0 && summary.unreadable.length === 0;
  if (command.json) {
    const withJourney = (p: RunProblem) => ({ journeyId: journeyIdOf(p.workflowId), ...p });
    output.out(
      JSON.stringify({
        query,
        checked: summary.checked,
        passed: summary.passed,
        failed: summary.failed.map(withJourney),
        unreadable: summary.unreadable.map(withJourney),
        seconds: +seconds.toFixed(3),
        ok,
      }),
    );
    return ok ? 0 : EX_REPLAY_FAILED;
  }
  output.out(`query: ${query}`);
  output.out(
    `replayed ${summary.checked} runs with this build's workflow code in ${seconds.toFixed(1)} s: ` +
      `${summary.passed} passed, ${summary.failed.length} failed, ${summary.unreadable.length} could not be read`,
  );
  const problems = [
    ...summary.failed.map((p) => ({ ...p, kind: 'replay failed' })),
    ...summary.unreadable.map((p) => ({ ...p, kind: 'not read' })),
  ];
  if (problems.length > 0) {
    alignedTable([
      ['JOURNEY', 'RUN', 'PROBLEM'],
      ...problems.map((p) => [journeyIdOf(p.workflowId), p.runId, `${p.kind}: ${oneLine(p.message)}`]),
    ]).forEach((line) => output.out(line));
  }
  if (!ok) output.err('error: this build cannot run every journey listed: do not roll it out (docs/operations.md)');
  return ok ? 0 : EX_REPLAY_FAILED;
}

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();
