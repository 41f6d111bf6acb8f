import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { journeyWorkflowBundle } from './journey-worker';
import { HISTORIES_DIR, parseHistory } from './replay-fixtures';

/** Today's workflow code must replay every recorded history without a non-determinism error. */
describe('journey workflow replay', () => {
  const files = readdirSync(HISTORIES_DIR).filter((f) => f.endsWith('.json'));

  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });

  it('replays every recorded history', async () => {
    const histories = files.map((file) => ({
      workflowId: file,
      history: parseHistory(readFileSync(join(HISTORIES_DIR, file), 'utf8')),
    }));
    const failures: string[] = [];
    const replays = Worker.runReplayHistories(
      {
        // The production build's bundle: tracing must not change the commands, so recorded histories replay with
        // its interceptors in.
        workflowBundle: await journeyWorkflowBundle(),
      },
      histories,
    );
    for await (const result of replays) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });

  it('bundles only what a workflow runs: no request schemas or event validation, evaluated for every new run', async () => {
    const { code } = await journeyWorkflowBundle();
    expect(code).toContain('libs/journey-domain/src/rules/decide.ts');
    expect(code).not.toContain('libs/journey-domain/src/commands.ts');
    expect(code).not.toContain('libs/event-contracts/src/journey-events.ts');
  });
});
