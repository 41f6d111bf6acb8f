import type { ReplaySummary } from '@waymark/temporal';
import type { HistoryCommand } from './history-args';
import { EX_REPLAY_FAILED, runReplayCheck } from './workflows-commands';
import { recordingOutput } from './output';

const J1 = '0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e01';
const command = (overrides: Partial<HistoryCommand> = {}) =>
  ({ name: 'workflows replay-check', scope: { kind: 'running' }, json: false, ...overrides }) as Extract<
    HistoryCommand,
    { name: 'workflows replay-check' }
  >;

describe('runReplayCheck', () => {
  const { out, err, output, clear } = recordingOutput();
  beforeEach(clear);

  const replaying = (summary: ReplaySummary) => {
    const asked: unknown[] = [];
    return {
      asked,
      deps: {
        replay: async (options: unknown, onProgress: (s: ReplaySummary) => void) => {
          asked.push(options);
          onProgress(summary);
          return summary;
        },
        now: () => 0,
      },
    };
  };

  it('passes when every run replays, asking for the journey runs the scope names', async () => {
    const { deps, asked } = replaying({ checked: 3, passed: 3, failed: [], unreadable: [] });
    expect(await runReplayCheck(command({ limit: 10 }), deps, output)).toBe(0);
    expect(asked).toEqual([{ query: "WorkflowType = 'journeyWorkflow' AND ExecutionStatus = 'Running'", limit: 10 }]);
    expect(out[1]).toMatch(/^replayed 3 runs with this build's workflow code in .* s: 3 passed, 0 failed, 0 could not/);
  });

  it('fails naming each journey, run and message on one line', async () => {
    const { deps } = replaying({
      checked: 2,
      passed: 1,
      failed: [{ workflowId: `journey-${J1}`, runId: 'run-1', message: 'Nondeterminism error:\n  Timer vs Activity' }],
      unreadable: [],
    });
    expect(await runReplayCheck(command(), deps, output)).toBe(EX_REPLAY_FAILED);
    expect(out.slice(2)).toEqual([
      'JOURNEY                               RUN    PROBLEM',
      `${J1}  run-1  replay failed: Nondeterminism error: Timer vs Activity`,
    ]);
    expect(err.at(-1)).toMatch(/do not roll it out/);
  });

  it('fails on a run it could not read, and says so in JSON', async () => {
    const { deps } = replaying({
      checked: 0,
      passed: 0,
      failed: [],
      unreadable: [{ workflowId: `journey-${J1}`, runId: 'run-1', message: 'no longer in Temporal' }],
    });
    expect(await runReplayCheck(command({ json: true }), deps, output)).toBe(EX_REPLAY_FAILED);
    expect(JSON.parse(out[0] ?? '')).toMatchObject({
      checked: 0,
      ok: false,
      unreadable: [{ journeyId: J1, runId: 'run-1', message: 'no longer in Temporal' }],
    });
    expect(out).toHaveLength(1);
  });
});
