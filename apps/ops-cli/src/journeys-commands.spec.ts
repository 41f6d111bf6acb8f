import type { JourneyEvent } from '@waymark/event-contracts';
import type { PublishedEvents } from '@waymark/journey-client';
import type { JourneyProgress } from '@waymark/measures-store';
import type { JourneysCommand } from './cli-args';
import { EX_BEHIND, ranges, RepairDeps, runJourneysCommand } from './journeys-commands';
import { recordingOutput } from './output';

const NOW = Date.parse('2026-12-03T12:00:00Z');
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const event = (journeyId: string, seq: number) =>
  ({ id: `${journeyId}:${seq}`, subject: journeyId, seq }) as JourneyEvent;

/** A workflow that published seqs 1..n, each `ageMs` before NOW unless `recent` says otherwise. */
function workflow(journeyId: string, n: number, options: { recent?: number[]; goneThrough?: number } = {}) {
  return (fromSeq: number): PublishedEvents => {
    const first = Math.max(fromSeq, (options.goneThrough ?? 0) + 1);
    const events = [];
    for (let seq = first; seq <= n; seq++) {
      const ageMs = options.recent?.includes(seq) ? 10_000 : 600_000;
      events.push({ event: event(journeyId, seq), publishedAt: new Date(NOW - ageMs) });
    }
    const gone = options.goneThrough;
    return {
      journeyId,
      events,
      publishedThrough: n,
      beyondRetention: gone && fromSeq <= gone ? { from: fromSeq, to: gone } : null,
    };
  };
}

function deps(
  journeys: Record<string, { progress?: JourneyProgress; published?: (fromSeq: number) => PublishedEvents }>,
  held: string[] = [],
) {
  const published: JourneyEvent[][] = [];
  const asked: [string, number][] = [];
  const listed = Object.keys(journeys).filter((j) => journeys[j]?.published);
  const d: RepairDeps = {
    history: {
      retentionMs: async () => 86_400_000,
      journeyIds: async function* () {
        yield listed.slice(0, 2);
        if (listed.length > 2) yield listed.slice(2);
      },
      published: async (journeyId, fromSeq = 1) => {
        asked.push([journeyId, fromSeq]);
        return journeys[journeyId]?.published?.(fromSeq) ?? null;
      },
    },
    progress: {
      of: async (ids) => new Map(ids.flatMap((j) => (journeys[j]?.progress ? [[j, journeys[j].progress]] : []))),
      heldJourneyIds: async () => held,
    },
    publish: async (events) => void published.push(events),
    now: () => NOW,
  };
  return { deps: d, published, asked };
}

const command = (overrides: Partial<JourneysCommand> = {}): JourneysCommand => ({
  name: 'journeys repair',
  check: true,
  journeyIds: [],
  graceMs: 120_000,
  concurrency: 3,
  ...overrides,
});

describe('runJourneysCommand', () => {
  const { out, output, clear } = recordingOutput();
  beforeEach(clear);

  /** Every way a journey can stand, one journey each. */
  const fleet = () => ({
    // Its first three events were lost: the projection holds 4-6 and has applied nothing.
    [id(1)]: { progress: { lastSeq: 0, heldSeqs: [4, 5, 6] }, published: workflow(id(1), 6) },
    // Its last two events were lost: nothing later shows a gap.
    [id(2)]: { progress: { lastSeq: 5, heldSeqs: [] }, published: workflow(id(2), 7) },
    // Its opened event was lost: the projection has never seen it.
    [id(3)]: { published: workflow(id(3), 2) },
    // Up to date.
    [id(4)]: { progress: { lastSeq: 4, heldSeqs: [] }, published: workflow(id(4), 4) },
    // Its last event was published seconds ago: on its way, not missing.
    [id(5)]: { progress: { lastSeq: 2, heldSeqs: [] }, published: workflow(id(5), 3, { recent: [3] }) },
  });

  it('lists every journey behind its workflow and exits non-zero, republishing nothing', async () => {
    const { deps: d, published, asked } = deps(fleet());
    const code = await runJourneysCommand(command(), d, output);
    expect(code).toBe(EX_BEHIND);
    expect(published).toEqual([]);
    expect(out.join('\n')).toMatch(/checked 5 journeys .*: 3 behind/);
    expect(out.join('\n')).toMatch(/1 journeys published events in the last 120 s not applied yet/);
    const table = out.slice(out.findIndex((l) => l.startsWith('JOURNEY')));
    expect(table.map((l) => l.split(/\s{2,}/))).toEqual([
      ['JOURNEY', 'APPLIED THROUGH', 'HELD', 'PUBLISHED THROUGH', 'MISSING', 'NOTE'],
      [id(1), '0', '4-6', '6', '1-3'],
      [id(2), '5', '-', '7', '6-7'],
      [id(3), '0', '-', '2', '1-2'],
    ]);
    // Each workflow is read only from the first seq the projection lacks.
    expect(new Map(asked)).toEqual(
      new Map([
        [id(1), 1],
        [id(2), 6],
        [id(3), 1],
        [id(4), 5],
        [id(5), 3],
      ]),
    );
  });

  it('exits 0 when every journey is up to date', async () => {
    const { deps: d } = deps({ [id(4)]: fleet()[id(4)] });
    expect(await runJourneysCommand(command(), d, output)).toBe(0);
    expect(out.join('\n')).toMatch(/checked 1 journeys .*: 0 behind/);
  });

  it('republishes what is missing, in seq order, with the same ids and seqs', async () => {
    const { deps: d, published } = deps(fleet());
    const code = await runJourneysCommand(command({ check: false }), d, output);
    expect(code).toBe(0);
    expect(published.map((batch) => batch.map((e) => e.id))).toEqual([
      [`${id(1)}:1`, `${id(1)}:2`, `${id(1)}:3`],
      [`${id(2)}:6`, `${id(2)}:7`],
      [`${id(3)}:1`, `${id(3)}:2`],
    ]);
    expect(out.join('\n')).toMatch(/republished 7 events of 3 journeys/);
  });

  it('says which missing events Temporal no longer holds, republishes the rest, and exits non-zero', async () => {
    const { deps: d, published } = deps({
      [id(6)]: { progress: { lastSeq: 1, heldSeqs: [] }, published: workflow(id(6), 5, { goneThrough: 3 }) },
    });
    const code = await runJourneysCommand(command({ check: false }), d, output);
    expect(code).toBe(EX_BEHIND);
    expect(published.map((b) => b.map((e) => e.seq))).toEqual([[4, 5]]);
    expect(out.join('\n')).toMatch(/seqs 2-3 were published by runs past retention: cannot republish/);
    expect(out[0]).toMatch(/namespace retention: 24 hours/);
  });

  it('reports a journey holding events whose workflow Temporal no longer has', async () => {
    const { deps: d } = deps({ [id(7)]: { progress: { lastSeq: 2, heldSeqs: [5] } } }, [id(7)]);
    expect(await runJourneysCommand(command(), d, output)).toBe(EX_BEHIND);
    expect(out.join('\n')).toMatch(/no run in Temporal \(past retention\): cannot republish/);
  });

  it('reports a journey whose history cannot be read, and goes on with the others', async () => {
    const { deps: d } = deps(fleet());
    const published = d.history.published;
    d.history.published = async (journeyId, fromSeq) => {
      if (journeyId === id(4)) throw new Error("encryption key id 'old' is not in the key ring");
      return published(journeyId, fromSeq);
    };
    expect(await runJourneysCommand(command(), d, output)).toBe(EX_BEHIND);
    expect(out.join('\n')).toMatch(/checked 5 journeys .*: 4 behind/);
    expect(out.join('\n')).toMatch(/cannot read its history: encryption key id 'old' is not in the key ring/);
  });

  it('checks only the journeys named', async () => {
    const { deps: d, asked } = deps(fleet(), [id(7)]);
    expect(await runJourneysCommand(command({ journeyIds: [id(2)] }), d, output)).toBe(EX_BEHIND);
    expect(asked).toEqual([[id(2), 6]]);
  });
});

describe('ranges', () => {
  it('joins runs of seqs', () => {
    expect(ranges([7, 1, 2, 3, 5, 8])).toBe('1-3,5,7-8');
    expect(ranges([])).toBe('');
  });
});
