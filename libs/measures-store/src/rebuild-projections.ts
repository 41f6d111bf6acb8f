import type { JourneyEvent } from '@waymark/event-contracts';
import type { ReplayProgress } from '@waymark/kafka';
import type { ProjectionRebuild } from './projection-rebuild';

/** Where a rebuild's events come from, and what lets the live consumer carry on after them once swapped in. */
export interface EventSource {
  /** Every event to rebuild from, a batch at a time, each journey's in order; says how far it has read. */
  replay: (
    onBatch: (events: JourneyEvent[]) => Promise<void>,
    onProgress: (progress: ReplayProgress) => void,
  ) => Promise<ReplayProgress>;
  /** After the swap (e.g. moves measures-service's consumer group to where the replay stopped). */
  carryOn?: () => Promise<void>;
}

export interface RebuildDeps extends EventSource {
  /** Fresh projection tables to replay into, swapped in for the live ones once complete (ProjectionRebuild.begin). */
  begin: () => Promise<Pick<ProjectionRebuild, 'projector' | 'swapIn' | 'discard' | 'close'>>;
  now?: () => number;
}

export type RebuildProgress =
  /** After each batch, and once more when the replay is done. */
  | ({ step: 'replay'; done: boolean } & ReplayProgress)
  /** A step after the replay finished, and how long it took. */
  | { step: 'rollups' | 'swap'; ms: number };

export interface RebuildResult {
  read: number;
  applied: number;
  duplicates: number;
  invalid: number;
  unplaceable: number;
  /** Held behind a gap in their journey's seq and not released by a later event (ops-cli journeys repair --check). */
  held: number;
  /** From the replay's start until the live consumer can carry on. */
  ms: number;
}

/**
 * Rebuilds the measures projections (decision 0012): replays every event into fresh projection tables (each
 * provider-and-area's days only), derives the rollups, swaps the tables in for the live ones at once, then lets the
 * live consumer carry on. Until the swap the live figures are untouched: a rebuild that fails leaves them as they
 * were (its tables are dropped), and one that is killed leaves tables the next rebuild drops first.
 */
export async function rebuildProjections(
  deps: RebuildDeps,
  onProgress: (progress: RebuildProgress) => void,
): Promise<RebuildResult> {
  const { now = Date.now } = deps;
  const rebuild = await deps.begin();
  const started = now();
  let result: Omit<RebuildResult, 'ms'>;
  try {
    let applied = 0;
    let unplaceable = 0;
    let held = 0;
    const replayed = await deps.replay(
      async (events) => {
        const batch = await rebuild.projector.apply(events, 'days');
        applied += batch.applied;
        unplaceable += batch.unplaceable.length;
        held += batch.held - batch.released;
      },
      (progress) => onProgress({ step: 'replay', done: false, ...progress }),
    );
    onProgress({ step: 'replay', done: true, ...replayed });
    const timed = async (step: 'rollups' | 'swap', run: () => Promise<void>) => {
      const from = now();
      await run();
      onProgress({ step, ms: now() - from });
    };
    await timed('rollups', () => rebuild.projector.completeRollups());
    await timed('swap', () => rebuild.swapIn());
    const { read, invalid } = replayed;
    const duplicates = read - applied - invalid - unplaceable - held;
    result = { read, applied, duplicates, invalid, unplaceable, held };
  } catch (error) {
    await rebuild.discard().catch(() => undefined);
    throw error;
  } finally {
    await rebuild.close();
  }
  // Swapped in: from here on a failure leaves the new figures live and the consumer where it was, which re-applies
  // a few events that the facts' last seq turns into duplicates.
  await deps.carryOn?.();
  return { ...result, ms: now() - started };
}
