import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyFacts } from './journey-facts';
import { projectBatch } from './project-batch';
import { CLOSURE_COUNT_NAMES } from '@waymark/measures-maths';
import type { ClosureCountsDelta } from './rows';

const J = '00000000-0000-4000-8000-000000000001';
const TZ = 'Europe/London';
let seq = 0;

/** A journey's events in order; only the fields the projection reads matter. */
function ev(type: string, time: string, data: Record<string, unknown>): JourneyEvent {
  seq++;
  return {
    specversion: '1.0',
    id: `${J}:${seq}`,
    source: '/waymark/journeys',
    subject: J,
    time,
    recordedat: time,
    seq,
    datacontenttype: 'application/json',
    type: `waymark.journey.${type}.v1`,
    data,
  } as JourneyEvent;
}

function journey(): JourneyEvent[] {
  seq = 0;
  return [
    ev('opened', '2026-03-01T10:00:00Z', { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' }),
    ev('contact-recorded', '2026-03-02T10:00:00Z', {
      providerId: 'council',
      channel: 'phone',
      minutesSpent: 30,
      demand: 'failure',
      failureReason: 'chasing-progress',
    }),
    ev('what-matters-recorded', '2026-03-04T10:00:00Z', {
      providerId: 'council',
      items: [{ itemId: 'home', domain: 'housing' }],
    }),
    ev('progress-rated', '2026-03-04T10:00:00Z', { providerId: 'council', rating: 3 }),
    ev('progress-rated', '2026-03-05T10:00:00Z', { providerId: 'council', rating: 9, whatMattersItemId: 'home' }),
    ev('assessment-recorded', '2026-03-05T10:00:00Z', {
      providerId: 'council',
      assessmentType: 'needs',
      minutesSpent: 60,
    }),
    ev('hand-off-requested', '2026-03-06T10:00:00Z', {
      handOffId: 'handoff-7',
      fromProviderId: 'council',
      toProviderId: 'housing-trust',
    }),
    // Answered in April: still counted on the referral's day in March.
    ev('hand-off-accepted', '2026-04-02T10:00:00Z', {
      handOffId: 'handoff-7',
      fromProviderId: 'council',
      toProviderId: 'housing-trust',
    }),
    ev('help-given', '2026-04-03T10:00:00Z', {
      providerId: 'housing-trust',
      helpType: 'practical',
      whatMattersItemIds: ['home'],
      minutesSpent: 90,
    }),
    ev('progress-rated', '2026-04-10T10:00:00Z', { providerId: 'housing-trust', rating: 8 }),
    // 23:30 UTC on 30 April is 00:30 on 1 May in London (BST).
    ev('closed', '2026-04-30T23:30:00Z', {
      providerId: 'housing-trust',
      outcome: 'resolved',
      followUpEndsAt: '2026-07-29T23:30:00Z',
    }),
    ev('resolution-sustained', '2026-07-29T23:30:00Z', { closedAt: '2026-04-30T23:30:00Z', followUpDays: 90 }),
  ];
}

/** Net count per metric (or measure) over any number of batches; zeros left out. */
function net<T extends { count: number }>(rows: T[], key: keyof T): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of rows) totals[String(row[key])] = (totals[String(row[key])] ?? 0) + row.count;
  return Object.fromEntries(Object.entries(totals).filter(([, n]) => n !== 0));
}

/** Closure counts over any number of batches. */
function closureNet(rows: ClosureCountsDelta[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const row of rows) for (const n of CLOSURE_COUNT_NAMES) totals[n] = (totals[n] ?? 0) + row[n];
  return totals;
}

describe('projectBatch', () => {
  const projected = projectBatch(journey(), new Map(), TZ);

  it('places each count on its local day, for the provider it belongs to', () => {
    const rows = projected.activity.map((a) => `${a.day} ${a.providerId} ${a.metric} ${a.count} ${a.minutes}`);
    expect(rows.sort()).toEqual([
      '2026-03-01 council opened 1 0',
      '2026-03-02 council contact 1 30',
      '2026-03-02 council failure.chasing-progress 1 0',
      '2026-03-05 council assessment 1 60',
      '2026-03-06 council referral 1 0',
      '2026-03-06 council referral.accepted 1 0',
      '2026-04-03 housing-trust help 1 90',
    ]);
    expect(projected.activity.every((a) => a.areaCode === 'N1')).toBe(true);
  });

  it('counts the closure as it finally stands, and puts its values into the percentiles', () => {
    expect(projected.closureCounts).toEqual([
      {
        day: '2026-05-01',
        providerId: 'housing-trust',
        areaCode: 'N1',
        closures: 1,
        unresolved: 0,
        sustained: 1,
        reopened: 0,
        pending: 0, // it was pending until the follow-up ended: added, then taken away
        final: 1,
        acceptedHandOffs: 1,
        assessments: 1,
        repeatAssessed: 0,
        withWhatMatters: 1,
        rated: 1,
      },
    ]);
    expect(projected.values.map((v) => `${v.day} ${v.providerId} ${v.measure} ${v.value} ${v.count}`).sort()).toEqual([
      `2026-05-01 housing-trust end_to_end_ms ${Date.parse('2026-04-30T23:30:00Z') - Date.parse('2026-03-01T10:00:00Z')} 1`,
      `2026-05-01 housing-trust progress_change 5 1`,
      `2026-05-01 housing-trust what_matters_ms ${3 * 86_400_000} 1`,
    ]);
  });

  it('writes the closure with the journey as it stood, then marks it sustained', () => {
    expect(projected.closures).toEqual([
      {
        journeyId: J,
        seq: 11,
        day: '2026-05-01',
        closedAt: '2026-04-30T23:30:00Z',
        providerId: 'housing-trust',
        areaCode: 'N1',
        outcome: 'resolved',
        followUp: 'sustained',
        final: true,
        endToEndMs: Date.parse('2026-04-30T23:30:00Z') - Date.parse('2026-03-01T10:00:00Z'),
        acceptedHandOffs: 1,
        assessments: 1,
        whatMattersMs: 3 * 86_400_000,
        // overall ratings only: 3 then 8 (the 9 was for one item)
        progressChange: 5,
      },
    ]);
  });

  it('keeps the minutes behind a sustained resolution by who did the work', () => {
    expect(projected.sustainedMinutes).toEqual([
      { day: '2026-05-01', providerId: 'housing-trust', areaCode: 'N1', workerProviderId: 'council', minutes: 90 },
      {
        day: '2026-05-01',
        providerId: 'housing-trust',
        areaCode: 'N1',
        workerProviderId: 'housing-trust',
        minutes: 90,
      },
    ]);
  });

  it('changes nothing when the same events come again, in the same batch or a later one', () => {
    const events = journey();
    const twice = projectBatch([...events, ...events], new Map(), TZ);
    expect(twice.duplicates).toBe(events.length);
    expect(twice.activity).toEqual(projected.activity);
    expect(twice.closureCounts).toEqual(projected.closureCounts);
    expect(twice.values).toEqual(projected.values);
    const later = projectBatch(events, new Map(projected.facts.map((f) => [f.journeyId, f])), TZ);
    expect(later).toMatchObject({ applied: [], duplicates: events.length, activity: [], closures: [], values: [] });
  });

  it('gives the same result split into batches as in one', () => {
    const events = journey();
    const first = projectBatch(events.slice(0, 7), new Map(), TZ);
    const second = projectBatch(events.slice(7), new Map(first.facts.map((f) => [f.journeyId, f])), TZ);
    expect(second.closures).toEqual(projected.closures);
    expect(net([...first.activity, ...second.activity], 'metric')).toEqual(net(projected.activity, 'metric'));
    expect(closureNet([...first.closureCounts, ...second.closureCounts])).toEqual(closureNet(projected.closureCounts));
    expect(net([...first.values, ...second.values], 'measure')).toEqual(net(projected.values, 'measure'));
  });

  it('marks a reopened closure as no longer final, and the next closure takes its place', () => {
    const events = journey().slice(0, 11);
    seq = 11;
    events.push(
      ev('reopened', '2026-05-10T09:00:00Z', { reason: 're-presentation', closedAt: '2026-04-30T23:30:00Z' }),
      ev('closed', '2026-06-01T09:00:00Z', {
        providerId: 'housing-trust',
        outcome: 'unresolved',
        reason: 'moved-away',
      }),
    );
    const result = projectBatch(events, new Map(), TZ);
    expect(result.closures.map((c) => [c.seq, c.outcome, c.followUp, c.final])).toEqual([
      [11, 'resolved', 'reopened', false],
      [13, 'unresolved', null, true],
    ]);
    expect(result.sustainedMinutes).toEqual([]);
    const counts = closureNet(result.closureCounts);
    expect(counts).toMatchObject({ closures: 2, reopened: 1, final: 1, unresolved: 1, acceptedHandOffs: 1, rated: 1 });
    expect(counts).toMatchObject({ pending: 0, sustained: 0 });
    // Only the unresolved closure is final: its values, not the reopened one's, are in the percentiles.
    expect(result.values.map((v) => [v.measure, v.count])).toEqual([
      ['what_matters_ms', 1],
      ['progress_change', 1],
    ]);
    expect(result.values.every((v) => v.day === '2026-06-01')).toBe(true);
  });

  describe('a late re-presentation after a provisional sustained resolution', () => {
    /** The whole journey, sustained, then reopened by a contact dated inside the window (recorded late). */
    const reopenedLate = () => {
      const events = journey();
      events.push(
        ev('reopened', '2026-06-20T09:00:00Z', { reason: 're-presentation', closedAt: '2026-04-30T23:30:00Z' }),
        ev('contact-recorded', '2026-06-20T09:00:00Z', {
          providerId: 'council',
          channel: 'phone',
          minutesSpent: 15,
          demand: 'failure',
          failureReason: 'not-solved',
        }),
      );
      return events;
    };

    it('turns the sustained closure into a reopened one and takes its values and minutes away', () => {
      const result = projectBatch(reopenedLate(), new Map(), TZ);
      expect(result.closures.map((c) => [c.seq, c.followUp, c.final])).toEqual([[11, 'reopened', false]]);
      expect(closureNet(result.closureCounts)).toMatchObject({
        closures: 1,
        reopened: 1,
        sustained: 0,
        pending: 0,
        final: 0,
        acceptedHandOffs: 0,
      });
      expect(result.values).toEqual([]);
      expect(result.sustainedMinutes).toEqual([]);
    });

    it('does the same when the reopening arrives in a later batch, after the sustained one was written', () => {
      const events = reopenedLate();
      const first = projectBatch(events.slice(0, 12), new Map(), TZ);
      const second = projectBatch(events.slice(12), new Map(first.facts.map((f) => [f.journeyId, f])), TZ);
      expect(second.closures.map((c) => [c.seq, c.followUp, c.final])).toEqual([[11, 'reopened', false]]);
      expect(closureNet([...first.closureCounts, ...second.closureCounts])).toMatchObject({
        sustained: 0,
        reopened: 1,
        final: 0,
      });
      expect(net([...first.values, ...second.values], 'measure')).toEqual({});
      const minutes = [...first.sustainedMinutes, ...second.sustainedMinutes].map((m) => ({ ...m, count: m.minutes }));
      expect(net(minutes, 'workerProviderId')).toEqual({});
      expect(second.sustainedMinutes.every((m) => m.day === '2026-05-01' && m.minutes < 0)).toBe(true);
    });

    it('ignores a reopening that has no resolution to reopen in the facts (written before this rule)', () => {
      const events = reopenedLate();
      const first = projectBatch(events.slice(0, 12), new Map(), TZ);
      const older = first.facts.map((f) => ({ ...f, sustained: undefined }));
      const second = projectBatch(events.slice(12), new Map(older.map((f) => [f.journeyId, f])), TZ);
      expect(second.closures).toEqual([]);
      expect(second.applied).toHaveLength(2);
    });
  });

  it('cannot place a first event that is not an opened event', () => {
    const [, contact] = journey();
    const first = { ...contact, seq: 1, id: `${J}:1` } as JourneyEvent;
    expect(projectBatch([first], new Map(), TZ).unplaceable).toEqual([
      { event: first, reason: `journey ${J} has no opened event before seq 1` },
    ]);
  });
});

describe('projectBatch with a gap in a journey', () => {
  const K = '00000000-0000-4000-8000-000000000002';
  /** The same journey under another id. */
  const asK = (events: JourneyEvent[]) =>
    events.map((e) => ({ ...e, subject: K, id: `${K}:${e.seq}` }) as JourneyEvent);
  const factsOf = (...batches: { facts: JourneyFacts[] }[]) =>
    new Map(batches.flatMap((b) => b.facts).map((f) => [f.journeyId, f]));
  const heldOf = (...lists: JourneyEvent[][]) => {
    const held = new Map<string, JourneyEvent[]>();
    for (const e of lists.flat()) held.set(e.subject, [...(held.get(e.subject) ?? []), e]);
    return held;
  };
  const whole = projectBatch(journey(), new Map(), TZ);
  const bySeq = (events: JourneyEvent[]) => events.map((e) => e.seq);

  it('holds the events after a missing one, then applies it and them in seq order once it arrives', () => {
    const e = journey();
    const first = projectBatch([e[0], e[1], e[4], e[5], e[3]], new Map(), TZ); // seq 3 missing
    expect(bySeq(first.applied)).toEqual([1, 2]);
    expect(bySeq(first.held).sort()).toEqual([4, 5, 6]);
    expect(first.gaps).toEqual([{ journeyId: J, expectedSeq: 3, gotSeq: 5 }]);
    expect(first.facts[0]?.seq).toBe(2);

    const filled = projectBatch([e[2]], factsOf(first), TZ, heldOf(first.held));
    expect(bySeq(filled.applied)).toEqual([3, 4, 5, 6]);
    expect(filled.released.map((r) => r.seq).sort()).toEqual([4, 5, 6]);
    expect(filled).toMatchObject({ held: [], gaps: [], duplicates: 0 });

    // The figures come out as if nothing had been missing.
    const rest = projectBatch(e.slice(6), factsOf(first, filled), TZ);
    const batches = [first, filled, rest];
    expect(
      net(
        batches.flatMap((b) => b.activity),
        'metric',
      ),
    ).toEqual(net(whole.activity, 'metric'));
    expect(closureNet(batches.flatMap((b) => b.closureCounts))).toEqual(closureNet(whole.closureCounts));
    expect(
      net(
        batches.flatMap((b) => b.values),
        'measure',
      ),
    ).toEqual(net(whole.values, 'measure'));
    expect(rest.closures).toEqual(whole.closures);
  });

  it("holds every event that comes before the journey's opened event", () => {
    const e = journey();
    const early = projectBatch([e[1], e[2]], new Map(), TZ);
    expect(early).toMatchObject({ applied: [], unplaceable: [], facts: [] });
    expect(early.gaps).toEqual([{ journeyId: J, expectedSeq: 1, gotSeq: 2 }]);
    const opened = projectBatch([e[0]], new Map(), TZ, heldOf(early.held));
    expect(bySeq(opened.applied)).toEqual([1, 2, 3]);
  });

  it('holds an event delivered twice once, and a held copy of an applied event changes nothing', () => {
    const e = journey();
    const first = projectBatch([e[0], e[3], e[3]], new Map(), TZ);
    expect(bySeq(first.held)).toEqual([4]);
    expect(first.duplicates).toBe(1);
    const again = projectBatch([e[3]], factsOf(first), TZ, heldOf(first.held));
    expect(again).toMatchObject({ held: [], released: [], gaps: [], applied: [], duplicates: 1 });

    // Seq 4 is held; the redelivered 2, 3 and 4 arrive: 4 is applied once, from the held copy, the live copy dropped.
    const filled = projectBatch([e[1], e[2], e[3]], factsOf(first), TZ, heldOf(first.held));
    expect(bySeq(filled.applied)).toEqual([2, 3, 4]);
    expect(filled.duplicates).toBe(1);
    expect(filled.released).toEqual([{ journeyId: J, seq: 4 }]);
    const once = projectBatch(e.slice(0, 4), new Map(), TZ);
    expect(net([...first.activity, ...filled.activity], 'metric')).toEqual(net(once.activity, 'metric'));
  });

  it('leaves the other journeys of the batch alone', () => {
    const e = journey();
    const k = asK(journey());
    const mixed = projectBatch([k[0], e[0], k[1], e[2], k[2], ...k.slice(3)], new Map(), TZ);
    expect(mixed.applied.filter((x) => x.subject === K)).toHaveLength(k.length);
    expect(bySeq(mixed.held)).toEqual([3]);
    expect(mixed.gaps).toEqual([{ journeyId: J, expectedSeq: 2, gotSeq: 3 }]);
    expect(mixed.closures.map((c) => c.journeyId)).toEqual([K]);
  });

  it('keeps holding while a gap remains, and names a new gap only when nothing was held before', () => {
    const e = journey();
    const first = projectBatch([e[0], e[2], e[4]], new Map(), TZ); // 2 and 4 missing
    expect(first.gaps).toEqual([{ journeyId: J, expectedSeq: 2, gotSeq: 3 }]);
    const second = projectBatch([e[1], e[6]], factsOf(first), TZ, heldOf(first.held));
    expect(bySeq(second.applied)).toEqual([2, 3]);
    expect(second.released).toEqual([{ journeyId: J, seq: 3 }]);
    expect(bySeq(second.held)).toEqual([7]); // 5 stays stored, 7 joins it
    expect(second.gaps).toEqual([]);
  });
});
