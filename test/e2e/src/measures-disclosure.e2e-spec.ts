import type { JourneyEvent } from '@waymark/event-contracts';
import {
  commissionerClient,
  createThrowawayDatabase,
  eventually,
  groupCaughtUp,
  issueCommissionerKey,
  journeyEvents,
  journeyEventsTopicEnd,
  publishJourneyEvents,
  RunningService,
  startConsumerGroupAtEnd,
  startService,
  testPort,
  ThrowawayDatabase,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { attack, PublishedSum } from './disclosure/interval-attack';

/**
 * Disclosure control under attack (issue 9, decision 0013). Nine weeks of journeys — two big providers, a middling
 * one, a small one with single-journey days and a tiny one, in a big area, a middling one and a tiny one — are
 * published straight onto the topic and projected by a measures-service of their own (a throwaway database, a
 * consumer group that starts at the topic's end). A commissioner then plays the known attacks against the running
 * API at the default threshold of 5, and nothing below the threshold may be recovered exactly:
 *
 * - day-by-day differencing of overlapping ranges (1–N March minus 1–(N−1) March), and charts of single journeys;
 * - group differencing: all providers minus each provider, every area minus each area, months minus their weeks,
 *   over every published count (journeys opened, contacts) and every shown rate times its count;
 * - percentiles and charts over small groups.
 *
 * A control plays the same attack against the figures as they were published before (counts below 5 withheld, the
 * rest exact) and must recover some: so the attacker is strong enough that its failure means something.
 */

const PORT = testPort(3170);
const logDir = join(__dirname, '../../../tmp/e2e-logs/measures-disclosure');
const run = randomBytes(3).toString('hex');
const group = `e2e-disclosure-${run}`;
const THRESHOLD = 5;
const SMALLEST_SHOWN = 10;

const PROVIDERS = ['big', 'wide', 'mid', 'small', 'tiny'].map((p) => `dis-${run}-${p}`);
const [BIG, WIDE, MID, SMALL, TINY] = PROVIDERS as [string, string, string, string, string];
const AREAS = ['M', 'S', 'E'].map((a) => `DIS-${run.toUpperCase()}-${a}`);
const [MAIN, SIDE, EDGE] = AREAS as [string, string, string];

/** Nine whole ISO weeks, Monday 29 December 2025 to Sunday 1 March 2026, and the four months they touch. */
const FIRST_DAY = Date.UTC(2025, 11, 29);
const DAYS = 63;
const WEEKS = { from: '2025-12-29', to: '2026-03-01' };
const MONTHS = { from: '2025-12-01', to: '2026-03-31' };
const dateOf = (day: number) => new Date(FIRST_DAY + day * 86_400_000).toISOString().slice(0, 10);
/** Winter: London's date is UTC's. */
const at = (day: number, hour: number) => `${dateOf(day)}T${String(hour).padStart(2, '0')}:00:00.000Z`;
const weekOf = (day: number) => Math.floor(day / 7);
const monthOf = (day: number) => dateOf(day).slice(0, 7);

// ---------------------------------------------------------------------------------------------------------------
// The journeys, and the truth about them that the attacker is after.

interface Seeded {
  day: number;
  lead: string;
  area: string;
  contacts: { day: number; failure: boolean }[];
  /** Days from opening to a resolved closure that was sustained; none if it is still open. */
  sustainedAfter?: number;
}

function seed(): Seeded[] {
  const journeys: Seeded[] = [];
  const add = (day: number, lead: string, area: string) => {
    const n = journeys.length;
    const contacts = [{ day, failure: n % 3 === 0 }];
    if (lead === BIG && day + 1 < DAYS) contacts.push({ day: day + 1, failure: n % 4 === 0 });
    journeys.push({ day, lead, area, contacts, ...(n % 2 === 0 ? { sustainedAfter: 1 + (n % 9) } : {}) });
  };
  for (let day = 0; day < DAYS; day++) {
    add(day, BIG, MAIN);
    add(day, BIG, MAIN);
    add(day, WIDE, day % 2 === 0 ? MAIN : SIDE);
    if (day % 3 === 0) add(day, MID, SIDE);
    if ([3, 10, 11, 25, 40, 52].includes(day)) add(day, SMALL, MAIN); // single-journey days
    if (day === 20) add(day, TINY, EDGE); // one journey in all
    if (day === 5 || day === 47) add(day, BIG, EDGE);
  }
  return journeys;
}

function eventsOf(journeys: readonly Seeded[]): JourneyEvent[] {
  return journeys.flatMap((j) => {
    const e = journeyEvents();
    const events = [e.event('opened', at(j.day, 9), { leadProviderId: j.lead, areaCode: j.area, ageBand: '35-49' })];
    j.contacts.forEach((c, i) => {
      const data = c.failure
        ? { demand: 'failure' as const, failureReason: 'chasing-progress' as const }
        : { demand: 'value' as const, valueKind: 'new-need' as const };
      events.push(
        e.event('contact-recorded', at(c.day, 10 + i), {
          providerId: j.lead,
          channel: 'phone',
          minutesSpent: 20,
          ...data,
        }),
      );
    });
    if (j.sustainedAfter !== undefined) {
      const closedAt = at(j.day + j.sustainedAfter, 15);
      const sustainedAt = new Date(Date.parse(closedAt) + 90 * 86_400_000).toISOString();
      events.push(
        e.event('closed', closedAt, { providerId: j.lead, outcome: 'resolved', followUpEndsAt: sustainedAt }),
        e.event('resolution-sustained', sustainedAt, { closedAt, followUpDays: 90 }),
      );
    }
    return events;
  });
}

/** An atom: the days one week shares with one month, for one provider in one area. */
const atom = (day: number, provider: string, area: string) => `${weekOf(day)}|${monthOf(day)}|${provider}|${area}`;

/** The true counts per atom of what the attacker looks for. */
function truth(journeys: readonly Seeded[]) {
  const counts = {
    opened: new Map<string, number>(),
    contacts: new Map<string, number>(),
    failures: new Map<string, number>(),
  };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (const j of journeys) {
    add(counts.opened, atom(j.day, j.lead, j.area));
    for (const c of j.contacts) {
      add(counts.contacts, atom(c.day, j.lead, j.area));
      if (c.failure) add(counts.failures, atom(c.day, j.lead, j.area));
    }
  }
  return counts;
}

/** Every atom, with a day it stands for (an atom's days share their week and month). */
const ATOMS = new Map<string, { day: number; provider: string; area: string }>();
for (let day = DAYS - 1; day >= 0; day--) {
  for (const provider of PROVIDERS)
    for (const area of AREAS) ATOMS.set(atom(day, provider, area), { day, provider, area });
}

/** A published cell: a week or a month, every provider or one, every area or one. */
interface Cell {
  period: string;
  provider: string | null;
  area: string | null;
}
/** Whether something on `day` (any day, also past the nine weeks) by `provider` in `area` falls in the cell. */
const inCell = ({ period, provider, area }: Cell, day: number, p: string, a: string) =>
  (period.startsWith('w') ? `w${weekOf(day)}` === period : monthOf(day) === period) &&
  (!provider || p === provider) &&
  (!area || a === area);
const atomsOf = (cell: Cell) =>
  [...ATOMS].filter(([, { day, provider, area }]) => inCell(cell, day, provider, area)).map(([key]) => key);
const sumOf = (counts: Map<string, number>, atoms: readonly string[]) =>
  atoms.reduce((s, a) => s + (counts.get(a) ?? 0), 0);

// ---------------------------------------------------------------------------------------------------------------

type Figure = { value: number } | { suppressed: true; reason: string };
interface Body {
  smallestShownCount: number;
  periods: { start: string; end: string; figures: Record<string, Figure> }[];
}

describe('disclosure control holds against the known attacks', () => {
  let database: ThrowawayDatabase;
  let measures: RunningService | undefined;
  let client: ReturnType<typeof commissionerClient>;
  const journeys = seed();
  const real = truth(journeys);

  const get = async (path: string) => {
    const response = await client.get(path);
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const query = (params: Record<string, string | null | undefined>) =>
    new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();

  /** Every cell a commissioner can ask for over the nine weeks and four months, with its figures. */
  const published: { cell: Cell; figures: Record<string, Figure> }[] = [];

  beforeAll(async () => {
    database = await createThrowawayDatabase('disclosure');
    await startConsumerGroupAtEnd(group);
    measures = await startService(
      'measures-service',
      PORT,
      { DATABASE_URL: database.url, MEASURES_CONSUMER_GROUP: group, DISCLOSURE_THRESHOLD: String(THRESHOLD) },
      { logDir },
    );
    client = commissionerClient(
      measures.url,
      issueCommissionerKey(`e2e-disclosure-${run}`, { databaseUrl: database.url }),
    );
    await publishJourneyEvents(eventsOf(journeys));
    const end = await journeyEventsTopicEnd();
    await eventually(() => groupCaughtUp(group, end), Boolean, 60_000);

    for (const provider of [null, ...PROVIDERS]) {
      for (const area of [null, ...AREAS]) {
        for (const [range, groupBy] of [
          [WEEKS, 'week'],
          [MONTHS, 'month'],
        ] as const) {
          const { status, body } = await get(`/v1/measures?${query({ ...range, groupBy, provider, area })}`);
          expect(status).toBe(200);
          const { periods } = body as unknown as Body;
          periods.forEach((p, i) => {
            const period = groupBy === 'week' ? `w${i}` : p.start.slice(0, 7);
            published.push({ cell: { period, provider, area }, figures: p.figures });
          });
        }
      }
    }
  }, 120_000);

  afterAll(async () => {
    await measures?.stop();
    await database?.drop();
  });

  it('answers only whole weeks and months: no day-by-day differencing of overlapping ranges', async () => {
    for (let d = 1; d <= 31; d++) {
      const to = `2026-01-${String(d).padStart(2, '0')}`;
      const { status, body } = await get(`/v1/measures?${query({ from: '2026-01-01', to, provider: SMALL })}`);
      expect({ to, status }).toEqual({ to, status: d === 31 ? 200 : 400 });
      if (d < 31) expect(body['errors']).toEqual([expect.objectContaining({ field: 'to' })]);
    }
    const byWeek = await get(`/v1/measures?${query({ from: '2026-01-05', to: '2026-01-07', groupBy: 'week' })}`);
    expect(byWeek.status).toBe(400);
    expect((await get(`/v1/measures?${query({ ...MONTHS, groupBy: 'none' })}`)).status).toBe(400);
  });

  it('publishes every count as a band of 5 from 10, and withholds the rest', () => {
    expect(published).toHaveLength(6 * 4 * (9 + 4));
    for (const { cell, figures } of published) {
      const opened = figures['volume.journeys_opened'] as Figure;
      const trueCount = sumOf(real.opened, atomsOf(cell));
      if (trueCount < SMALLEST_SHOWN) expect(opened).toEqual({ suppressed: true, reason: 'count-below-threshold' });
      else expect(opened).toEqual({ value: trueCount - (trueCount % 5) });
    }
  });

  /** No information: what the attacker knows of a sum whose figure was withheld for another reason. */
  const UNKNOWN = { lo: 0, hi: 100_000 };

  /**
   * Every published count, and every rate times its count, as the sums the attacker combines: as published `now`, or
   * as the same figures were published `before` (counts below 5 withheld, the rest exact; a rate shown exactly over 5
   * or more, so rate × count gave its numerator).
   */
  function sums(as: 'now' | 'before') {
    const out: { metric: string; cell: Cell; trueCount: number; sum: PublishedSum }[] = [];
    const push = (metric: string, cell: Cell, trueCount: number, range: { lo: number; hi: number }) =>
      out.push({ metric, cell, trueCount, sum: { atoms: atomsOf(cell).map((a) => `${metric}|${a}`), ...range } });
    const before = (n: number) => (n >= THRESHOLD ? { lo: n, hi: n } : { lo: 0, hi: THRESHOLD - 1 });
    for (const { cell, figures } of published) {
      const atoms = atomsOf(cell);
      for (const [metric, id, counts] of [
        ['opened', 'volume.journeys_opened', real.opened],
        ['contacts', 'volume.contacts', real.contacts],
      ] as const) {
        const n = sumOf(counts, atoms);
        const figure = figures[id] as Figure;
        const now = 'value' in figure ? { lo: figure.value, hi: figure.value + 4 } : { lo: 0, hi: SMALLEST_SHOWN - 1 };
        push(metric, cell, n, as === 'now' ? now : before(n));
      }
      const [failures, contacts] = [sumOf(real.failures, atoms), sumOf(real.contacts, atoms)];
      if (as === 'before') {
        push('failures', cell, failures, contacts >= THRESHOLD ? { lo: failures, hi: failures } : UNKNOWN);
        continue;
      }
      // Rates times counts: a shown failure share × the shown contacts gives the failure contacts' band, no finer.
      const share = figures['failure_demand.share'] as Figure;
      const shown = figures['volume.contacts'] as Figure;
      if ('value' in share && 'value' in shown) {
        const product = share.value * shown.value;
        expect(Math.abs(product - Math.round(product))).toBeLessThan(0.01);
        expect(Math.round(product) % 5).toBe(0);
        push('failures', cell, failures, { lo: Math.round(product), hi: Math.round(product) + 4 });
      } else push('failures', cell, failures, UNKNOWN);
    }
    return out;
  }

  it('recovers no count below the threshold exactly, however the published figures are combined', () => {
    const all = sums('now');
    const ranges = attack(all.map((s) => s.sum));
    const small = all
      .map((s, i) => ({ ...s, range: ranges[i] as [number, number] }))
      .filter((s) => s.trueCount < THRESHOLD);
    // The seeds give the attacker plenty to aim at: small providers' and areas' weeks and months.
    expect(small.length).toBeGreaterThan(150);
    for (const s of small) expect(s.range[0] <= s.trueCount && s.trueCount <= s.range[1]).toBe(true); // sound
    const pinned = small.filter((s) => s.range[0] === s.range[1]);
    expect(pinned.map((s) => ({ metric: s.metric, ...s.cell, value: s.trueCount }))).toEqual([]);
  });

  it('control: the same attack recovers small counts from the figures as published before (exact above 5)', () => {
    const all = sums('before');
    const ranges = attack(all.map((s) => s.sum));
    const pinned = all.filter((s, i) => s.trueCount < THRESHOLD && ranges[i]?.[0] === ranges[i]?.[1]);
    expect(pinned.length).toBeGreaterThan(10);
    // By differencing counts (all minus the others, months minus weeks), and by rate × count.
    const found = (metric: string) =>
      pinned.filter((p) => p.metric === metric).map((p) => ({ ...p.cell, value: p.trueCount }));
    console.log(`control: pinned ${pinned.length}, of journeys opened ${JSON.stringify(found('opened'))}`);
    expect(found('opened').length).toBeGreaterThan(0);
    expect(found('failures').length).toBeGreaterThan(0);
  });

  it('withholds rates with a small numerator or complement, and statistics over small groups', () => {
    for (const { cell, figures } of published) {
      const atoms = atomsOf(cell);
      const contacts = sumOf(real.contacts, atoms);
      const failures = sumOf(real.failures, atoms);
      if (failures < SMALLEST_SHOWN || contacts - failures < SMALLEST_SHOWN) {
        expect(figures['failure_demand.share']).toHaveProperty('suppressed', true);
      }
      const sustained = journeys.filter(
        (j) => j.sustainedAfter !== undefined && inCell(cell, j.day + j.sustainedAfter, j.lead, j.area),
      ).length;
      if (sustained < SMALLEST_SHOWN) {
        expect(figures['end_to_end_days.median']).toEqual({ suppressed: true, reason: 'denominator-below-threshold' });
      }
    }
  });

  it('charts no single journey: per-journey points are refused, and every point stands for 10 or more', async () => {
    expect((await get(`/v1/measures/end-to-end-days/xmr?${query({ ...MONTHS, by: 'journey' })}`)).status).toBe(400);
    for (const provider of [null, ...PROVIDERS]) {
      for (const area of [null, ...AREAS]) {
        // Sustained closures of the cell by month, true.
        const closures = journeys.filter(
          (j) => j.sustainedAfter !== undefined && (!provider || j.lead === provider) && (!area || j.area === area),
        );
        const inMonth = (m: string) =>
          closures.filter((j) => `${monthOf(j.day + (j.sustainedAfter as number))}-01` === m).length;
        const groups = await get(
          `/v1/measures/end-to-end-days/xmr?${query({ ...MONTHS, by: 'closure-group', provider, area })}`,
        );
        expect(groups.status).toBe(200);
        expect(groups.body['groupSize']).toBe(SMALLEST_SHOWN);
        const labels = (groups.body['points'] as { label: string }[]).map((p) => p.label);
        for (const m of ['2025-12-01', '2026-01-01', '2026-02-01', '2026-03-01']) {
          expect({ provider, area, m, points: labels.filter((l) => l.startsWith(`${m}#`)).length }).toEqual({
            provider,
            area,
            m,
            points: Math.floor(inMonth(m) / SMALLEST_SHOWN),
          });
        }
        const weeks = await get(`/v1/measures/end-to-end-days/xmr?${query({ ...WEEKS, by: 'week', provider, area })}`);
        for (const { label } of weeks.body['points'] as { label: string }[]) {
          const week = Math.round((Date.parse(label) - FIRST_DAY) / (7 * 86_400_000));
          expect(
            closures.filter((j) => weekOf(j.day + (j.sustainedAfter as number)) === week).length,
          ).toBeGreaterThanOrEqual(SMALLEST_SHOWN);
        }
      }
    }
    // The small provider: nothing charted at all.
    const small = await get(
      `/v1/measures/end-to-end-days/xmr?${query({ ...MONTHS, by: 'closure-group', provider: SMALL })}`,
    );
    expect(small.body['points']).toEqual([]);
  });
});
