import type { JourneyEvent } from '@waymark/event-contracts';
import type { ApplyResult } from './measures-projector';
import { rebuildProjections, type RebuildDeps, type RebuildProgress } from './rebuild-projections';

const event = (seq: number) => ({ seq }) as unknown as JourneyEvent;

/** A rebuild whose steps are recorded in order; `failOn` makes that step throw. */
function fakeRebuild(failOn?: string) {
  const steps: string[] = [];
  const step = (name: string) => async () => {
    steps.push(name);
    if (name === failOn) throw new Error(`${name} failed`);
  };
  const apply = async (events: readonly JourneyEvent[], scope?: string): Promise<ApplyResult> => {
    steps.push(`apply ${events.length} ${scope}`);
    // The second event of each batch is a duplicate, a third one is held.
    return {
      applied: Math.min(events.length, 1),
      duplicates: events.length > 1 ? 1 : 0,
      unplaceable: [],
      recordedAt: [],
      held: events.length > 2 ? 1 : 0,
      gaps: [],
      released: 0,
    };
  };
  const deps: RebuildDeps = {
    begin: async () => {
      steps.push('begin');
      return {
        projector: { apply, completeRollups: step('rollups') } as never,
        swapIn: step('swap'),
        discard: step('discard'),
        close: step('close'),
      };
    },
    replay: async (onBatch, onProgress) => {
      const batches = [[event(1), event(2), event(3)], [event(4)]];
      let read = 0;
      for (const batch of batches) {
        await onBatch(batch);
        read += batch.length;
        onProgress({ read, total: 5, invalid: 1 });
      }
      return { read: 5, total: 5, invalid: 1 };
    },
    carryOn: step('carry on'),
    now: () => 0,
  };
  return { steps, deps };
}

describe('rebuildProjections', () => {
  it('replays into fresh tables, derives the rollups, swaps them in, and only then lets the consumer carry on', async () => {
    const { steps, deps } = fakeRebuild();
    const progress: RebuildProgress[] = [];
    const result = await rebuildProjections(deps, (p) => progress.push(p));
    expect(steps).toEqual(['begin', 'apply 3 days', 'apply 1 days', 'rollups', 'swap', 'close', 'carry on']);
    expect(result).toEqual({ read: 5, applied: 2, duplicates: 1, invalid: 1, unplaceable: 0, held: 1, ms: 0 });
    expect(progress.map((p) => (p.step === 'replay' ? `replay ${p.read}${p.done ? ' done' : ''}` : p.step))).toEqual([
      'replay 3',
      'replay 4',
      'replay 5 done',
      'rollups',
      'swap',
    ]);
  });

  it.each(['rollups', 'swap'])(
    'drops its tables and leaves the consumer where it was when %s fails',
    async (failing) => {
      const { steps, deps } = fakeRebuild(failing);
      await expect(rebuildProjections(deps, () => undefined)).rejects.toThrow(`${failing} failed`);
      expect(steps).toContain('discard');
      expect(steps).toContain('close');
      expect(steps).not.toContain('carry on');
    },
  );
});
