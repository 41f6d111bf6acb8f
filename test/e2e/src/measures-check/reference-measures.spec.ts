import { EVENT_SOURCE, JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import {
  COMMAND_BODIES,
  DEFAULT_SETTINGS,
  deadlinePassed,
  evolve,
  handle,
  initialState,
  isEnded,
  JourneyCommand,
  JourneyState,
  nextDeadline,
  openJourney,
  openJourneyBody,
  stamp,
} from '@waymark/journey-domain';
import fc from 'fast-check';
import { JourneyPlan, journeyPlans } from './journey-generator';
import {
  FIGURE_IDS,
  Fraction,
  localDate,
  MeasuresFilter,
  percentile,
  periodsOf,
  referenceMeasures,
  referenceXmrByClosureGroup,
  referenceXmrByWeek,
  ReferenceSettings,
  weekMonday,
  weeksWithoutSustainedClosures,
  xmrChart,
} from './reference-measures';

/**
 * The reference recomputation tested on its own, with hand-worked examples: a few journeys written out event by event,
 * and every expected figure worked out by hand in the comments. Then the journey generator: every plan it makes is
 * accepted by the domain rules, command by command, and produces the events it says it will.
 */

const TZ = 'Europe/London';
const f = (n: number, d = 1) => new Fraction(n, d);

describe('exact arithmetic', () => {
  it('rounds half away from zero on the true value, not on its binary approximation', () => {
    expect(f(41, 40).round(2)).toBe(1.03); // 1.025: as a double it is 1.02499…, which Math.round would take down
    expect(f(107, 40).round(2)).toBe(2.68); // 2.675
    expect(f(-201, 200).round(2)).toBe(-1.01); // −1.005
    expect(f(1, 20_000).round(4)).toBe(0.0001); // 0.00005
    expect(f(1, 3).round(4)).toBe(0.3333);
    expect(f(2, 3).round(4)).toBe(0.6667);
    expect(f(333, 8).round(2)).toBe(41.63); // 41.625
    expect(f(7).round(2)).toBe(7);
  });

  it('takes percentiles by linear interpolation between closest ranks (type 7)', () => {
    const xs = [4, 1, 3, 2].map((n) => f(n));
    // sorted 1 2 3 4; h = 3 × 0.85 = 2.55 → x[2] + 0.55 × (x[3] − x[2]) = 3 + 0.55 = 3.55
    expect(percentile(xs, f(85, 100)).round(4)).toBe(3.55);
    // h = 3 × 0.5 = 1.5 → 2 + 0.5 × 1 = 2.5: the mean of the middle two
    expect(percentile(xs, f(1, 2)).round(4)).toBe(2.5);
    expect(percentile([f(7)], f(85, 100)).round(4)).toBe(7);
    // h = 2 × 0.85 = 1.7 → 14 + 0.7 × (46.5 − 14) = 36.75
    expect(percentile([f(10), f(93, 2), f(14)], f(85, 100)).round(2)).toBe(36.75);
  });
});

describe('calendar', () => {
  it('places an instant on its Europe/London date, across both clock changes', () => {
    expect(localDate(Date.parse('2026-01-15T23:59:59Z'), TZ)).toBe('2026-01-15'); // GMT
    expect(localDate(Date.parse('2026-03-29T00:30:00Z'), TZ)).toBe('2026-03-29'); // still GMT: BST starts 01:00 UTC
    expect(localDate(Date.parse('2026-03-29T23:30:00Z'), TZ)).toBe('2026-03-30'); // 00:30 BST
    expect(localDate(Date.parse('2026-07-31T23:00:00Z'), TZ)).toBe('2026-08-01'); // midnight BST
    expect(localDate(Date.parse('2026-10-24T23:30:00Z'), TZ)).toBe('2026-10-25'); // 00:30 BST
    expect(localDate(Date.parse('2026-10-25T23:30:00Z'), TZ)).toBe('2026-10-25'); // 23:30 GMT again
  });

  it('labels an ISO week by its Monday', () => {
    expect(weekMonday('2026-03-02')).toBe('2026-03-02'); // a Monday
    expect(weekMonday('2026-03-01')).toBe('2026-02-23'); // a Sunday: the end of its week
    expect(weekMonday('2027-01-01')).toBe('2026-12-28'); // across the new year
    expect(weekMonday('2026-03-04')).toBe('2026-03-02');
  });

  it('lists every period, clipped to the range, empty ones too', () => {
    // 2026-03-04 is a Wednesday.
    expect(periodsOf('2026-03-04', '2026-03-20', 'week')).toEqual([
      { start: '2026-03-04', end: '2026-03-08' },
      { start: '2026-03-09', end: '2026-03-15' },
      { start: '2026-03-16', end: '2026-03-20' },
    ]);
    expect(periodsOf('2026-03-04', '2026-05-10', 'month')).toEqual([
      { start: '2026-03-04', end: '2026-03-31' },
      { start: '2026-04-01', end: '2026-04-30' },
      { start: '2026-05-01', end: '2026-05-10' },
    ]);
    expect(periodsOf('2028-02-01', '2028-02-29', 'month')).toEqual([{ start: '2028-02-01', end: '2028-02-29' }]);
    expect(periodsOf('2026-03-08', '2026-03-08', 'week')).toEqual([{ start: '2026-03-08', end: '2026-03-08' }]);
    expect(periodsOf('2026-01-01', '2026-12-31', 'none')).toEqual([{ start: '2026-01-01', end: '2026-12-31' }]);
    expect(() => periodsOf('2026-03-09', '2026-03-08', 'none')).toThrow(/after/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hand-written journeys. Providers p-a, p-b, p-c, p-d; areas A1 and A2. Times are UTC; 2026-03-01 is a Sunday and
// British Summer Time starts at 01:00 UTC on Sunday 29 March 2026.

type Data = Record<string, unknown>;

/** Writes one journey's events in seq order, as the workflow would stamp them. */
function journey(n: number) {
  const subject = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const events: JourneyEvent[] = [];
  const add = (kind: string, time: string, data: Data) => {
    const seq = events.length + 1;
    const event = {
      specversion: '1.0',
      id: `${subject}:${seq}`,
      source: EVENT_SOURCE,
      subject,
      time,
      recordedat: time,
      seq,
      datacontenttype: 'application/json',
      type: `waymark.journey.${kind}.v1`,
      data,
    };
    const checked = validateJourneyEvent(event);
    if (!checked.ok) throw new Error(`hand-written event ${kind} (seq ${seq}) breaks the contract: ${checked.reason}`);
    events.push(checked.event);
    return api;
  };
  const value = (providerId: string, minutesSpent: number) => ({
    providerId,
    channel: 'phone',
    minutesSpent,
    demand: 'value',
    valueKind: 'new-need',
  });
  const failure = (providerId: string, minutesSpent: number, failureReason: string) => ({
    providerId,
    channel: 'phone',
    minutesSpent,
    demand: 'failure',
    failureReason,
  });
  const api = {
    events,
    opened: (t: string, leadProviderId: string, areaCode: string) =>
      add('opened', t, { leadProviderId, areaCode, ageBand: '35-49' }),
    valueContact: (t: string, p: string, minutes: number) => add('contact-recorded', t, value(p, minutes)),
    failureContact: (t: string, p: string, minutes: number, reason: string) =>
      add('contact-recorded', t, failure(p, minutes, reason)),
    whatMatters: (t: string, p: string) =>
      add('what-matters-recorded', t, { providerId: p, items: [{ itemId: 'wm-1', domain: 'housing' }] }),
    assessment: (t: string, p: string, minutes: number) =>
      add('assessment-recorded', t, { providerId: p, assessmentType: 'needs', minutesSpent: minutes }),
    help: (t: string, p: string, minutes: number) =>
      add('help-given', t, { providerId: p, helpType: 'advice', whatMattersItemIds: ['wm-1'], minutesSpent: minutes }),
    rating: (t: string, p: string, rating: number, whatMattersItemId?: string) =>
      add('progress-rated', t, { providerId: p, rating, ...(whatMattersItemId ? { whatMattersItemId } : {}) }),
    involved: (t: string, p: string, by: string) => add('provider-involved', t, { providerId: p, byProviderId: by }),
    handOff: (kind: 'requested' | 'accepted' | 'declined', t: string, id: string, from: string, to: string) =>
      add(`hand-off-${kind}`, t, {
        handOffId: id,
        fromProviderId: from,
        toProviderId: to,
        ...(kind === 'declined' ? { reason: 'no-capacity' } : {}),
      }),
    resolved: (t: string, p: string) =>
      add('closed', t, {
        providerId: p,
        outcome: 'resolved',
        followUpEndsAt: new Date(Date.parse(t) + 90 * 86_400_000).toISOString(),
      }),
    unresolved: (t: string, p: string) =>
      add('closed', t, { providerId: p, outcome: 'unresolved', reason: 'disengaged' }),
    reopened: (t: string, closedAt: string) => add('reopened', t, { reason: 're-presentation', closedAt }),
    sustained: (closedAt: string) =>
      add('resolution-sustained', new Date(Date.parse(closedAt) + 90 * 86_400_000).toISOString(), {
        closedAt,
        followUpDays: 90,
      }),
    stalled: (t: string, lastActivityAt: string) => add('stalled', t, { lastActivityAt, stallDays: 28 }),
  };
  return api;
}

/**
 * J1 (A1, lead p-a): opened Mon 2 Mar 09:00, resolved 16 Mar 09:00 (exactly 14 days), sustained.
 * First what-matters 1 day after opening; one assessment; overall ratings 3 → 7 (+4); no hand-offs.
 * Minutes: p-a 30 + 10 (contacts) + 60 (assessment) + 45 (help) = 145.
 */
const j1 = journey(1)
  .opened('2026-03-02T09:00:00.000Z', 'p-a', 'A1')
  .valueContact('2026-03-02T09:00:00.000Z', 'p-a', 30)
  .whatMatters('2026-03-03T09:00:00.000Z', 'p-a')
  .assessment('2026-03-03T10:00:00.000Z', 'p-a', 60)
  .rating('2026-03-03T11:00:00.000Z', 'p-a', 3)
  .failureContact('2026-03-09T12:00:00.000Z', 'p-a', 10, 'chasing-progress')
  .help('2026-03-10T09:00:00.000Z', 'p-a', 45)
  .rating('2026-03-12T09:00:00.000Z', 'p-a', 9, 'wm-1') // per item: not an overall rating
  .rating('2026-03-16T09:00:00.000Z', 'p-a', 7)
  .resolved('2026-03-16T09:00:00.000Z', 'p-a')
  .sustained('2026-03-16T09:00:00.000Z').events;

/**
 * J2 (A1, opened by p-b on Wed 4 Mar 23:30 GMT, handed to p-a): resolved on 29 Mar 23:30 UTC — 00:30 BST on Monday
 * 30 March, so that closure's day is 2026-03-30 — then reopened on 10 Apr, resolved again on 20 Apr 11:30 (46.5 days
 * after opening) and sustained. The first closure is not final; the second is, with 1 accepted hand-off,
 * 2 assessments, first what-matters 2.5 days after opening (7 Mar 11:30), overall ratings 5 → 4 (−1).
 * Referral handoff-3 (p-b → p-a, 5 Mar) accepted. Minutes: p-b 20; p-a 30 + 30 + 15 = 75.
 */
const j2 = journey(2)
  .opened('2026-03-04T23:30:00.000Z', 'p-b', 'A1')
  .failureContact('2026-03-04T23:30:00.000Z', 'p-b', 20, 'repeating-story')
  .handOff('requested', '2026-03-05T10:00:00.000Z', 'handoff-3', 'p-b', 'p-a')
  .handOff('accepted', '2026-03-05T12:00:00.000Z', 'handoff-3', 'p-b', 'p-a')
  .assessment('2026-03-06T10:00:00.000Z', 'p-a', 30)
  .assessment('2026-03-07T10:00:00.000Z', 'p-a', 30)
  .whatMatters('2026-03-07T11:30:00.000Z', 'p-a')
  .rating('2026-03-08T10:00:00.000Z', 'p-a', 5)
  .resolved('2026-03-29T23:30:00.000Z', 'p-a')
  .reopened('2026-04-10T10:00:00.000Z', '2026-03-29T23:30:00.000Z')
  .failureContact('2026-04-10T10:00:00.000Z', 'p-a', 15, 'not-solved')
  .rating('2026-04-11T10:00:00.000Z', 'p-a', 4)
  .resolved('2026-04-20T11:30:00.000Z', 'p-a')
  .sustained('2026-04-20T11:30:00.000Z').events;

/**
 * J3 (A1, lead p-a, p-c and p-d involved): closed unresolved on 20 Mar. Referral handoff-6 (p-a → p-b, 12 Mar)
 * declined. Minutes: p-c 40; p-d 0 (p-d needs no rate). No assessments, no what-matters, no ratings.
 */
const j3 = journey(3)
  .opened('2026-03-10T10:00:00.000Z', 'p-a', 'A1')
  .involved('2026-03-10T10:00:00.000Z', 'p-c', 'p-a')
  .valueContact('2026-03-11T10:00:00.000Z', 'p-c', 40)
  .involved('2026-03-11T11:00:00.000Z', 'p-d', 'p-a')
  .valueContact('2026-03-11T12:00:00.000Z', 'p-d', 0)
  .handOff('requested', '2026-03-12T10:00:00.000Z', 'handoff-6', 'p-a', 'p-b')
  .handOff('declined', '2026-03-13T10:00:00.000Z', 'handoff-6', 'p-a', 'p-b')
  .unresolved('2026-03-20T10:00:00.000Z', 'p-a').events;

/**
 * J4 (A1, lead p-c): resolved on 22 Mar, follow-up still pending. Overall ratings recorded out of time order: 6 on
 * 20 Mar (seq 3), then 2 on 17 Mar (seq 5) — by time 2 → 6, a change of +4 (by seq it would be −4). Referral
 * handoff-6 (p-c → p-b, 21 Mar) never answered: the closure withdrew it, so it stays pending. Minutes: p-c 20.
 * A stall on 13 Apr (28 days after the last activity by then) changes nothing.
 */
const j4 = journey(4)
  .opened('2026-03-16T08:00:00.000Z', 'p-c', 'A1')
  .valueContact('2026-03-16T08:00:00.000Z', 'p-c', 20)
  .rating('2026-03-20T08:00:00.000Z', 'p-c', 6)
  .stalled('2026-04-13T08:00:00.000Z', '2026-03-16T08:00:00.000Z')
  .rating('2026-03-17T08:00:00.000Z', 'p-c', 2)
  .handOff('requested', '2026-03-21T08:00:00.000Z', 'handoff-6', 'p-c', 'p-b')
  .resolved('2026-03-22T08:00:00.000Z', 'p-c').events;

/** J5 (A2, lead p-a): resolved 10 days after opening (3 → 13 Mar), sustained. Minutes: p-a 30. */
const j5 = journey(5)
  .opened('2026-03-03T12:00:00.000Z', 'p-a', 'A2')
  .failureContact('2026-03-03T12:00:00.000Z', 'p-a', 30, 'wrong-service')
  .resolved('2026-03-13T12:00:00.000Z', 'p-a')
  .sustained('2026-03-13T12:00:00.000Z').events;

// Delivered out of order, with a redelivery: the reference orders and de-duplicates them itself.
const EVENTS: JourneyEvent[] = [...j5, ...j2, ...j1, ...j4, ...j3, j2[4] as JourneyEvent].reverse();

const RATES = { 'p-a': 30, 'p-b': 24.5, 'p-c': 40 };
/** The figures before disclosure control (exact, withheld only below the threshold): for checking definitions. */
const settings = (disclosureThreshold: number, costRates: Record<string, number> = RATES): ReferenceSettings => ({
  disclosureThreshold,
  costRates,
  timeZone: TZ,
  exact: true,
});
/** The figures as the API publishes them. */
const published = (disclosureThreshold: number): ReferenceSettings => ({
  ...settings(disclosureThreshold),
  exact: false,
});
const MARCH_APRIL = { from: '2026-03-01', to: '2026-04-30' };
const countBelow = { suppressed: true, reason: 'count-below-threshold' };
const denominatorBelow = { suppressed: true, reason: 'denominator-below-threshold' };
const partBelow = { suppressed: true, reason: 'numerator-or-complement-below-threshold' };
const rateMissing = { unavailable: true, reason: 'cost-rate-missing' };

describe('reference measures on hand-worked journeys', () => {
  it('computes every figure for area A1 over March and April (threshold 2)', () => {
    const body = referenceMeasures(EVENTS, { ...MARCH_APRIL, area: 'A1', groupBy: 'none' }, settings(2));
    expect(body.filter).toEqual({ ...MARCH_APRIL, provider: null, area: 'A1', groupBy: 'none' });
    expect(body.disclosureThreshold).toBe(2);
    expect(body.periods).toHaveLength(1);
    expect(body.periods[0]?.start).toBe('2026-03-01');
    expect(body.periods[0]?.end).toBe('2026-04-30');
    expect(body.periods[0]?.figures).toEqual({
      // Sustained closures: J1 (14 days) and J2's second (46.5 days).
      'end_to_end_days.median': { value: 30.25 }, // (14 + 46.5) / 2
      'end_to_end_days.p85': { value: 41.63 }, // h = 0.85: 14 + 0.85 × 32.5 = 41.625, half away from zero
      // Contacts: J1 2 (one chasing-progress), J2 2 (repeating-story, not-solved), J3 2, J4 1 = 7; 3 failures.
      'failure_demand.share': { value: 0.4286 }, // 3/7 = 0.428571…
      'failure_demand.share.chasing-progress': { value: 0.1429 }, // 1/7
      'failure_demand.share.repeating-story': { value: 0.1429 },
      'failure_demand.share.wrong-service': { value: 0 }, // J5's is in A2
      'failure_demand.share.re-referral': { value: 0 },
      'failure_demand.share.not-solved': { value: 0.1429 },
      'failure_demand.share.correcting-error': { value: 0 },
      // Final closures: J1 (0 accepted), J2's second (1), J3 (0), J4 (0).
      'hand_offs.accepted_per_journey': { value: 0.25 }, // 1/4
      // Referrals: J2's (accepted), J3's (declined), J4's (still pending, counted).
      'hand_offs.bounced_referral_rate': { value: 0.3333 }, // 1/3
      're_presentation.rate': { value: 0.3333 }, // reopened 1 (J2's first) ÷ (1 + sustained 2)
      'sustained_resolution.rate': { value: 0.5 }, // sustained 2 ÷ (2 + reopened 1 + unresolved 1)
      'sustained_resolution.pending': countBelow, // J4 alone: 1 < 2
      'what_matters.share': { value: 0.5 }, // J1, J2 of 4 final closures
      'what_matters.median_days_to_first': { value: 1.75 }, // median of 1 and 2.5
      'progress.median_change': { value: 4 }, // J1 +4, J2 −1, J4 +4 (by time): median 4
      'assessments.per_journey': { value: 0.75 }, // (1 + 2 + 0 + 0) / 4
      'assessments.repeat_share': { value: 0.25 }, // J2 only
      // Whole costs: J1 145 min × £30/h = £72.50; J2 20 min × £24.50/h + 75 min × £30/h = £45.6666…
      'end_to_end_cost.per_sustained_resolution': { value: 59.08 }, // 118.1666… / 2 = 59.0833…
      'volume.contacts': { value: 7 },
      'volume.assessments': { value: 3 },
      'volume.referrals': { value: 3 },
      'volume.journeys_opened': { value: 4 },
      'volume.journeys_closed': { value: 5 }, // J2 closed twice
      // p-a 220 min (£110) + p-b 20 min (£8.1666…) + p-c 60 min (£40) + p-d 0 = £158.1666… ÷ 7 contacts
      'volume.cost_per_contact': { value: 22.6 }, // 22.5952…
    });
  });

  it('places things by their own day: J2’s first closure falls in March, its second in April (by month)', () => {
    const body = referenceMeasures(EVENTS, { ...MARCH_APRIL, area: 'A1', groupBy: 'month' }, settings(2));
    expect(body.periods.map((p) => [p.start, p.end])).toEqual([
      ['2026-03-01', '2026-03-31'],
      ['2026-04-01', '2026-04-30'],
    ]);
    const [march, april] = body.periods;
    expect(march?.figures).toEqual({
      'end_to_end_days.median': denominatorBelow, // J1 is March's only sustained closure
      'end_to_end_days.p85': denominatorBelow,
      // March contacts: J1 2, J2 1 (4 Mar), J3 2, J4 1 = 6; failures: chasing-progress, repeating-story.
      'failure_demand.share': { value: 0.3333 },
      'failure_demand.share.chasing-progress': { value: 0.1667 },
      'failure_demand.share.repeating-story': { value: 0.1667 },
      'failure_demand.share.wrong-service': { value: 0 },
      'failure_demand.share.re-referral': { value: 0 },
      'failure_demand.share.not-solved': { value: 0 },
      'failure_demand.share.correcting-error': { value: 0 },
      // Final closures in March: J1, J3, J4 (J2's March closure is not final).
      'hand_offs.accepted_per_journey': { value: 0 },
      'hand_offs.bounced_referral_rate': { value: 0.3333 }, // all three referrals were in March
      're_presentation.rate': { value: 0.5 }, // reopened 1 (J2, 30 Mar) ÷ (1 + sustained 1)
      'sustained_resolution.rate': { value: 0.3333 }, // 1 ÷ (1 + 1 + unresolved 1)
      'sustained_resolution.pending': countBelow,
      'what_matters.share': { value: 0.3333 }, // J1 of 3
      'what_matters.median_days_to_first': denominatorBelow, // J1 alone
      'progress.median_change': { value: 4 }, // J1 +4, J4 +4
      'assessments.per_journey': { value: 0.33 }, // 1/3, per-journey averages to 2 dp
      'assessments.repeat_share': { value: 0 },
      'end_to_end_cost.per_sustained_resolution': denominatorBelow,
      'volume.contacts': { value: 6 },
      'volume.assessments': { value: 3 },
      'volume.referrals': { value: 3 },
      'volume.journeys_opened': { value: 4 },
      'volume.journeys_closed': { value: 4 },
      // p-a 145 + 60 = 205 min (£102.50) + p-b £8.1666… + p-c £40 = £150.6666… ÷ 6
      'volume.cost_per_contact': { value: 25.11 },
    });
    // April: one contact, one (final, sustained) closure, nothing else: everything is withheld, counts as counts.
    const expectedApril = Object.fromEntries(
      FIGURE_IDS.map((id) => [
        id,
        id.startsWith('volume.') && id !== 'volume.cost_per_contact' ? countBelow : denominatorBelow,
      ]),
    );
    expectedApril['sustained_resolution.pending'] = countBelow;
    expect(april?.figures).toEqual(expectedApril);
  });

  it('attributes to the provider: p-a’s contacts, closures, referrals and journeys opened (threshold 2)', () => {
    const figures = referenceMeasures(
      EVENTS,
      { ...MARCH_APRIL, provider: 'p-a', area: 'A1', groupBy: 'none' },
      settings(2),
    ).periods[0]?.figures;
    expect(figures).toMatchObject({
      'volume.contacts': { value: 3 }, // J1's two, J2's re-presentation
      'failure_demand.share': { value: 0.6667 }, // chasing-progress, not-solved
      'volume.journeys_closed': { value: 4 }, // J1, J2 twice (p-a led it by then), J3
      'volume.journeys_opened': { value: 2 }, // J1, J3 (J2 was opened by p-b)
      'volume.referrals': countBelow, // J3's only
      'hand_offs.bounced_referral_rate': denominatorBelow,
      'volume.assessments': { value: 3 },
      'hand_offs.accepted_per_journey': { value: 0.33 }, // J1 0, J2 1, J3 0
      'end_to_end_days.median': { value: 30.25 },
      're_presentation.rate': { value: 0.3333 },
      'sustained_resolution.rate': { value: 0.5 },
      'volume.cost_per_contact': { value: 36.67 }, // p-a's own 220 min = £110 ÷ 3
      'end_to_end_cost.per_sustained_resolution': { value: 59.08 }, // whole journeys, p-b's work on J2 included
    });
  });

  it('takes every area without an area filter', () => {
    const figures = referenceMeasures(EVENTS, { ...MARCH_APRIL, groupBy: 'none' }, settings(2)).periods[0]?.figures;
    expect(figures).toMatchObject({
      'end_to_end_days.median': { value: 14 }, // J5 10, J1 14, J2 46.5
      'end_to_end_days.p85': { value: 36.75 }, // h = 1.7: 14 + 0.7 × 32.5
      'end_to_end_cost.per_sustained_resolution': { value: 44.39 }, // (72.50 + 45.6666… + 15) / 3 = 44.3888…
      'failure_demand.share.wrong-service': { value: 0.125 }, // 1 of 8
      'volume.journeys_opened': { value: 5 },
    });
  });

  it('says a cost is unavailable when a provider whose minutes it needs has no rate, and only then', () => {
    const cell = { ...MARCH_APRIL, area: 'A1', groupBy: 'none' } as const;
    const figures = (rates: Record<string, number>) =>
      referenceMeasures(EVENTS, cell, settings(2, rates)).periods[0]?.figures;
    // p-c worked 60 minutes in the cell but on no sustained journey.
    expect(figures({ 'p-a': 30, 'p-b': 24.5 })).toMatchObject({
      'volume.cost_per_contact': rateMissing,
      'end_to_end_cost.per_sustained_resolution': { value: 59.08 },
    });
    // p-b worked on J2, a sustained journey.
    expect(figures({ 'p-a': 30, 'p-c': 40 })).toMatchObject({
      'volume.cost_per_contact': rateMissing,
      'end_to_end_cost.per_sustained_resolution': rateMissing,
    });
    // p-d's only record has 0 minutes: it needs no rate (it has none in RATES).
    expect(figures(RATES)['volume.cost_per_contact']).toEqual({ value: 22.6 });
    // A withheld figure stays withheld, rate or no rate.
    const april = referenceMeasures(EVENTS, { ...cell, groupBy: 'month' }, settings(2, {})).periods[1]?.figures;
    expect(april?.['volume.cost_per_contact']).toEqual(denominatorBelow);
    expect(april?.['end_to_end_cost.per_sustained_resolution']).toEqual(denominatorBelow);
  });

  it('publishes counts in bands of 5 from the first multiple of 5 above the threshold, shares from bands', () => {
    const cell = { ...MARCH_APRIL, area: 'A1', groupBy: 'none' } as const;
    // Threshold 1: counts are shown from 5.
    const body = referenceMeasures(EVENTS, cell, published(1));
    expect(body.smallestShownCount).toBe(5);
    expect(body.periods[0]?.figures).toMatchObject({
      'volume.contacts': { value: 5 }, // 7: the band 5–9
      'volume.journeys_closed': { value: 5 },
      'volume.journeys_opened': countBelow, // 4
      'failure_demand.share': partBelow, // 3 of 7: the part (and the rest) below 5
      'hand_offs.accepted_per_journey': denominatorBelow, // 4 final closures
      'end_to_end_days.median': denominatorBelow, // 2 sustained
      're_presentation.rate': denominatorBelow, // 3
      'volume.cost_per_contact': { value: 22.6 }, // a mean cost is exact over a shown number of contacts
    });
    // The default threshold of 5: counts are shown from 10.
    expect(referenceMeasures(EVENTS, cell, published(5)).periods[0]?.figures).toMatchObject({
      'volume.contacts': countBelow,
      'volume.cost_per_contact': denominatorBelow,
    });
  });

  it('lists every week of the range, empty ones too, with every figure id in each', () => {
    const filter: MeasuresFilter = { from: '2026-03-04', to: '2026-04-02', area: 'A1', groupBy: 'week' };
    const body = referenceMeasures(EVENTS, filter, settings(1));
    expect(body.periods.map((p) => p.start)).toEqual([
      '2026-03-04',
      '2026-03-09',
      '2026-03-16',
      '2026-03-23',
      '2026-03-30',
    ]);
    for (const period of body.periods) expect(Object.keys(period.figures).sort()).toEqual([...FIGURE_IDS].sort());
    // Week of 23 March: nothing happened in A1 at all.
    expect(body.periods[3]?.figures['volume.contacts']).toEqual(countBelow);
    // Week of 30 March (clipped to 2 April): J2's first closure, 00:30 BST on Monday 30 March.
    expect(body.periods[4]?.figures['volume.journeys_closed']).toEqual({ value: 1 });
    expect(body.periods[4]?.figures['re_presentation.rate']).toEqual({ value: 1 });
  });

  it('counts a sustained resolution reopened by a late re-presentation as reopened, not sustained (threshold 1)', () => {
    // J6 (A3, p-a): resolved 5 Mar, sustained provisionally at the window's end, then a contact dated 20 Apr (inside
    // the window, recorded late) reopens it; closed unresolved on 1 May.
    const j6 = journey(6)
      .opened('2026-03-02T09:00:00.000Z', 'p-a', 'A3')
      .valueContact('2026-03-02T09:00:00.000Z', 'p-a', 30)
      .resolved('2026-03-05T09:00:00.000Z', 'p-a')
      .sustained('2026-03-05T09:00:00.000Z')
      .reopened('2026-04-20T09:00:00.000Z', '2026-03-05T09:00:00.000Z')
      .failureContact('2026-04-20T09:00:00.000Z', 'p-a', 15, 'not-solved')
      .unresolved('2026-05-01T09:00:00.000Z', 'p-a').events;
    const figures = referenceMeasures(j6, { from: '2026-03-01', to: '2026-05-31', groupBy: 'none' }, settings(1))
      .periods[0]?.figures;
    expect(figures).toMatchObject({
      're_presentation.rate': { value: 1 }, // reopened 1 ÷ (1 + sustained 0)
      'sustained_resolution.rate': { value: 0 }, // 0 ÷ (0 + reopened 1 + unresolved 1)
      'end_to_end_days.median': denominatorBelow,
      'end_to_end_cost.per_sustained_resolution': denominatorBelow,
      'assessments.per_journey': { value: 0 }, // one final closure: the unresolved one
      'volume.journeys_closed': { value: 2 },
    });
  });

  it('refuses events with a gap or a conflicting redelivery', () => {
    const filter: MeasuresFilter = { ...MARCH_APRIL, groupBy: 'none' };
    expect(() =>
      referenceMeasures(
        j1.filter((e) => e.seq !== 4),
        filter,
        settings(2),
      ),
    ).toThrow(/no event 4/);
    const changed = { ...(j1[1] as JourneyEvent), time: '2026-03-02T10:00:00.000Z' } as JourneyEvent;
    expect(() => referenceMeasures([...j1, changed], filter, settings(2))).toThrow(/different content/);
  });
});

describe('XmR charts', () => {
  const points = (xs: number[]) =>
    xs.map((x, i) => ({ label: `w${i}`, x: f(x), periodStart: `2026-01-${String(i + 1).padStart(2, '0')}` }));
  /** Each point's variation and rules, compactly. */
  const read = (chart: ReturnType<typeof xmrChart>) =>
    chart.points.map((p) => [p.variation, ...p.rules.map((r) => `${r.rule} ${r.reading}`)].join(': '));

  it('computes limits and 2σ lines from the mean moving range, the lower ones not below zero', () => {
    // x 10 12 11 30; mR 2 1 19, mean 22/3; centre 63/4 = 15.75; 2.66 × 22/3 = 19.5066…; 2/3 of that 13.0044…
    // 30 is beyond the upper 2σ line (28.75) but 12 and 11 are below the centre: no two of three.
    const chart = xmrChart(points([10, 12, 11, 30]));
    expect(chart).toEqual({
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: 'w0', x: 10, movingRange: null, rules: [], variation: 'common-cause' },
        { label: 'w1', x: 12, movingRange: 2, rules: [], variation: 'common-cause' },
        { label: 'w2', x: 11, movingRange: 1, rules: [], variation: 'common-cause' },
        { label: 'w3', x: 30, movingRange: 19, rules: [], variation: 'common-cause' },
      ],
      segments: [
        {
          from: 0,
          to: 3,
          centreLine: 15.75,
          upperLimit: 35.26, // 15.75 + 19.5066… = 35.2566…
          lowerLimit: 0, // 15.75 − 19.5066… < 0
          upperTwoSigma: 28.75, // 15.75 + 13.0044… = 28.7544…
          lowerTwoSigma: 2.75, // 15.75 − 13.0044… = 2.7455…
          movingRangeUpperLimit: 23.97, // 3.268 × 22/3 = 23.9653…
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
    });
  });

  it('finds a shift of seven below and a point above the upper limit, read the way lower is better', () => {
    // seven 1s then 20: centre 27/8 = 3.375; mR six 0s and 19, mean 19/7; upper 3.375 + 2.66 × 19/7 = 10.595
    const chart = xmrChart(points([1, 1, 1, 1, 1, 1, 1, 20]));
    expect(chart.segments[0]?.upperLimit).toBe(10.6);
    expect(read(chart)).toEqual([
      ...Array<string>(7).fill('special-cause-improving: shift improving'),
      'special-cause-concerning: outside-limits concerning',
    ]);
    expect(chart.variation).toBe('special-cause-concerning');
    // Six on one side are not a shift.
    expect(read(xmrChart(points([1, 1, 1, 1, 1, 1, 20])))[0]).toBe('common-cause');
  });

  it('reads every rule on a rise and fall, the first of each point’s rules deciding its reading', () => {
    // x 1 2 3 4 5 6 7 6 5 4 3 2 1: centre 49/13 = 3.769; mR all 1; limits 3.769 ± 2.66 = 6.429 and 1.109;
    // 2σ lines 3.769 ± 1.773 = 5.543 and 1.996.
    // outside: 7 (up, concerning), both 1s (down, improving). Trends: 1…7 rising (concerning), 7…1 falling
    // (improving); 7 is in both, the falling one, later, first. Shift: 4 5 6 7 6 5 4 above (concerning).
    // Two of three: 6 7 6 are all above with both 6s beyond 5.543 (7 is outside, not near).
    const chart = xmrChart(points([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]));
    expect(read(chart)).toEqual([
      'special-cause-improving: outside-limits improving: trend concerning',
      'special-cause-concerning: trend concerning',
      'special-cause-concerning: trend concerning',
      'special-cause-concerning: trend concerning: shift concerning',
      'special-cause-concerning: trend concerning: shift concerning',
      'special-cause-concerning: trend concerning: two-of-three concerning: shift concerning',
      'special-cause-concerning: outside-limits concerning: trend improving: trend concerning: shift concerning',
      'special-cause-improving: trend improving: two-of-three concerning: shift concerning',
      'special-cause-improving: trend improving: shift concerning',
      'special-cause-improving: trend improving: shift concerning',
      'special-cause-improving: trend improving',
      'special-cause-improving: trend improving',
      'special-cause-improving: outside-limits improving: trend improving',
    ]);
    expect(chart.variation).toBe('special-cause-improving');
  });

  it('breaks a shift on the centre line and a trend on an equal value', () => {
    const rules = (xs: number[]) => xmrChart(points(xs)).points.flatMap((p) => p.rules.map((r) => r.rule));
    // six 1s, a 2 exactly on the centre line (26/13), six 3s: with the 2 on either side there would be seven
    expect(rules([1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3])).not.toContain('shift');
    // 10 … 13, 13, … 16: a repeated 13 leaves two rises of four
    expect(rules([10, 11, 12, 13, 13, 14, 15, 16])).not.toContain('trend');
    expect(rules([10, 11, 12, 13, 14, 15, 16])).toContain('trend');
  });

  it('recalculates from the first period starting on or after the change date, and reads the target there', () => {
    // Weeks of 2, 9, 16, 23 March at 5 7 5 7 (centre 6, mean mR 2, limits 0.68–11.32), 30 March withheld, 6, 13,
    // 20 April at 20 22 20 (centre 62/3, mean mR 2, limits 15.35–25.99). A change on Wednesday 25 March starts the
    // second segment with the week of 6 April.
    const weeks = ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-04-06', '2026-04-13', '2026-04-20'];
    const xs = [5, 7, 5, 7, 20, 22, 20];
    const charted = xs.map((x, i) => ({ label: weeks[i] as string, x: f(x), periodStart: weeks[i] as string }));
    const chart = xmrChart(charted, { changeDate: '2026-03-25', target: '18' });
    expect(chart.segments.map((s) => [s.from, s.to, s.centreLine, s.upperLimit, s.lowerLimit])).toEqual([
      [0, 3, 6, 11.32, 0.68],
      [4, 6, 20.67, 25.99, 15.35],
    ]);
    expect(chart.points.map((p) => p.movingRange)).toEqual([null, 2, 2, 2, null, 2, 2]);
    expect(chart).toMatchObject({ changeDate: '2026-03-25', target: 18, assurance: 'hit-and-miss' });
    expect(xmrChart(charted, { changeDate: '2026-03-25', target: '26' }).assurance).toBe('pass');
    expect(xmrChart(charted, { changeDate: '2026-03-25', target: '15.34' }).assurance).toBe('fail');
    // A change on or before the first week: one segment.
    expect(xmrChart(charted, { changeDate: '2026-03-02' }).segments).toHaveLength(1);
  });

  it('has a centre line but no limits or readings for one point, and nothing for none', () => {
    expect(xmrChart(points([5]), { target: '3' })).toMatchObject({
      points: [{ label: 'w0', x: 5, movingRange: null, rules: [], variation: null }],
      segments: [{ centreLine: 5, upperLimit: null, trialLimits: true }],
      variation: null,
      assurance: null,
    });
    expect(xmrChart([])).toMatchObject({ points: [], segments: [], variation: null });
  });

  it('charts weekly medians of sustained closures, listing weeks below the threshold (threshold 1)', () => {
    const chart = referenceXmrByWeek(EVENTS, { ...MARCH_APRIL, area: 'A1' }, settings(1));
    // J1 closed 16 Mar (week of Monday 16 Mar, 14 days), J2 finally 20 Apr (week of 20 Apr, 46.5 days).
    expect(chart).toEqual({
      filter: { ...MARCH_APRIL, provider: null, area: 'A1' },
      disclosureThreshold: 1,
      smallestShownCount: 5,
      by: 'week',
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: '2026-03-16', x: 14, movingRange: null, rules: [], variation: 'common-cause' },
        { label: '2026-04-20', x: 46.5, movingRange: 32.5, rules: [], variation: 'common-cause' },
      ],
      segments: [
        {
          from: 0,
          to: 1,
          centreLine: 30.25,
          upperLimit: 116.7, // 30.25 + 2.66 × 32.5
          lowerLimit: 0,
          upperTwoSigma: 87.88, // 30.25 + 2.66 × 2/3 × 32.5 = 30.25 + 57.6333…
          lowerTwoSigma: 0,
          movingRangeUpperLimit: 106.21, // 3.268 × 32.5
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
      // 1 March is the Sunday of the week of 23 February; 27–30 April starts the week of 27 April.
      suppressedWeeks: [
        '2026-02-23',
        '2026-03-02',
        '2026-03-09',
        '2026-03-23',
        '2026-03-30',
        '2026-04-06',
        '2026-04-13',
        '2026-04-27',
      ],
    });
    expect(referenceXmrByWeek(EVENTS, { ...MARCH_APRIL, area: 'A1' }, settings(2)).points).toEqual([]);
    // As published, a week needs the smallest shown count of closures (5 at threshold 1).
    expect(referenceXmrByWeek(EVENTS, { ...MARCH_APRIL, area: 'A1' }, published(1)).points).toEqual([]);
    // At threshold 1 the only weeks withheld are those without any sustained closure.
    expect(weeksWithoutSustainedClosures(EVENTS, { ...MARCH_APRIL, area: 'A1' }, settings(1))).toEqual(
      chart.suppressedWeeks,
    );
    // With every area, J5 (13 March) fills the week of 9 March.
    expect(weeksWithoutSustainedClosures(EVENTS, MARCH_APRIL, settings(1))).not.toContain('2026-03-09');
  });

  it('charts closure groups: each month’s sustained closures in closure order, five at a time (threshold 1)', () => {
    // G1: in March twelve journeys opened 1 March 09:00 and resolved 2, 3, … 13 March 09:00 (1 … 12 days); in April
    // five opened 1 April and resolved 2 … 6 April (1 … 5 days). Groups of 5, a month's last taking the rest:
    // March 1–5 days (mean 3) and 6–12 (mean 9), April 1–5 (mean 3). x = 3, 9, 3: mean 5; mR 6, 6: mean 6;
    // upper 5 + 2.66 × 6 = 20.96; lower clamped at 0; mR upper 3.268 × 6 = 19.608.
    const day = (month: string, d: number) => `2026-${month}-${String(d).padStart(2, '0')}T09:00:00.000Z`;
    const sustainedJourney = (n: number, month: string, days: number) =>
      journey(n)
        .opened(day(month, 1), 'p-a', 'G1')
        .resolved(day(month, 1 + days), 'p-a')
        .sustained(day(month, 1 + days)).events;
    const events = [
      ...Array.from({ length: 12 }, (_, i) => sustainedJourney(100 + i, '03', i + 1)),
      ...Array.from({ length: 5 }, (_, i) => sustainedJourney(200 + i, '04', i + 1)),
    ].flat();
    const range = { from: '2026-03-01', to: '2026-05-31', area: 'G1' };
    expect(referenceXmrByClosureGroup(events, range, published(1))).toEqual({
      filter: { ...range, provider: null },
      disclosureThreshold: 1,
      smallestShownCount: 5,
      by: 'closure-group',
      groupSize: 5,
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: '2026-03-01#1', x: 3, movingRange: null, rules: [], variation: 'common-cause' },
        { label: '2026-03-01#2', x: 9, movingRange: 6, rules: [], variation: 'common-cause' },
        { label: '2026-04-01#1', x: 3, movingRange: 6, rules: [], variation: 'common-cause' },
      ],
      segments: [
        {
          from: 0,
          to: 2,
          centreLine: 5,
          upperLimit: 20.96,
          lowerLimit: 0,
          upperTwoSigma: 15.64, // 5 + 2.66 × 2/3 × 6 = 5 + 10.64
          lowerTwoSigma: 0,
          movingRangeUpperLimit: 19.61,
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
      suppressedMonths: ['2026-05-01'],
    });
    const recent = referenceXmrByClosureGroup(events, range, published(1), 2);
    expect(recent.points.map((p) => p.label)).toEqual(['2026-03-01#2', '2026-04-01#1']);
    // At the default threshold groups are of 10: March has one (all twelve, mean 6.5), April none.
    expect(referenceXmrByClosureGroup(events, range, published(5))).toMatchObject({
      groupSize: 10,
      points: [{ label: '2026-03-01#1', x: 6.5, movingRange: null, rules: [], variation: null }],
      suppressedMonths: ['2026-04-01', '2026-05-01'],
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The generator, checked against the domain rules without any services.

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const CTX = {
  now: NOW,
  providers: ['chk-abc123-a', 'chk-abc123-b', 'chk-abc123-c', 'chk-abc123-d', 'chk-abc123-e'],
  area: 'CHKABC123',
  personPrefix: 'chk-abc123',
};

/**
 * Runs a plan as the journey workflow would, with the pure rules: open, then each command through `handle` (every
 * body parsed by the API's schema first), with timers fired whenever their deadline has passed by `now`.
 */
function simulate(plan: JourneyPlan, journeyId: string): { events: JourneyEvent[]; state: JourneyState } {
  const now = new Date(NOW);
  const settings = DEFAULT_SETTINGS;
  const open = { ...openJourneyBody.parse(plan.open), leadProviderId: plan.lead };
  const opened = openJourney(open, now);
  if (!opened.ok) throw new Error(`open refused: ${opened.rejection.rule}`);
  let state = initialState(journeyId, open);
  const events = stamp(state, opened.events, now);
  state = evolve(state, events);
  const settle = () => {
    for (let deadline = nextDeadline(state, settings); deadline && deadline.at <= NOW && !isEnded(state); ) {
      const decision = deadlinePassed(state, deadline, settings);
      if (!decision.ok) throw new Error('timer refused');
      const fired = stamp(state, decision.events, now);
      events.push(...fired);
      state = evolve(state, fired);
      deadline = nextDeadline(state, settings);
    }
  };
  settle();
  let handOffId: string | undefined;
  for (const [i, planned] of plan.commands.entries()) {
    const body = planned.answersHandOff ? { ...planned.body, handOffId } : planned.body;
    const command = { type: planned.type, ...COMMAND_BODIES[planned.type].parse(body) } as JourneyCommand;
    const outcome = handle(state, command, { actor: planned.actor, now, settings });
    if (!outcome.ok) {
      throw new Error(`command ${i} (${planned.type} by ${planned.actor}) refused: ${outcome.rejection.message}`);
    }
    expect(outcome.events.map((e) => e.type)).toEqual(planned.produces);
    events.push(...outcome.events);
    state = outcome.state;
    const requested = outcome.events.find((e) => e.type === 'waymark.journey.hand-off-requested.v1');
    if (requested?.type === 'waymark.journey.hand-off-requested.v1') handOffId = requested.data.handOffId;
    settle();
  }
  return { events, state };
}

describe('journey generator', () => {
  it('plans only journeys the rules accept, producing the events it expects', () => {
    fc.assert(
      fc.property(journeyPlans(CTX, { min: 1, max: 20 }), (plans) => {
        const all: JourneyEvent[] = [];
        plans.forEach((plan, n) => {
          const { events } = simulate(plan, `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`);
          for (const event of events) expect(validateJourneyEvent(event)).toMatchObject({ ok: true });
          expect(events.filter((e) => e.type !== 'waymark.journey.stalled.v1').map((e) => e.type)).toEqual(
            plan.expectedEventTypes,
          );
          for (const event of events) expect(Date.parse(event.time)).toBeLessThanOrEqual(NOW);
          all.push(...events);
        });
        // The reference takes them, and agrees with the plans about every closure's follow-up.
        const body = referenceMeasures(all, { from: '2025-11-01', to: '2026-11-30', groupBy: 'none' }, settings(1));
        const closures = plans.flatMap((p) => p.closures);
        const figure = (id: string) => body.periods[0]?.figures[id];
        const n = (followUp: string) => closures.filter((c) => c.followUp === followUp).length;
        expect(figure('sustained_resolution.pending')).toEqual(n('pending') ? { value: n('pending') } : countBelow);
        expect(figure('volume.journeys_closed')).toEqual(closures.length ? { value: closures.length } : countBelow);
      }),
      { numRuns: 60 },
    );
  });

  it('spreads a run over months, with sustained, pending, reopened and unresolved closures', () => {
    const [plans] = fc.sample(journeyPlans(CTX, { min: 90, max: 90 }), { numRuns: 1, seed: 42 });
    const closures = (plans ?? []).flatMap((p) => p.closures);
    for (const followUp of ['sustained', 'pending', 'reopened', 'not-applicable']) {
      expect(closures.filter((c) => c.followUp === followUp).length).toBeGreaterThan(3);
    }
    // Late re-presentations: reopened after their window had passed (sustained at once, provisionally, first).
    const windowPassed = (c: { occurredAt: string }) => Date.parse(c.occurredAt) + 90 * 86_400_000 < NOW;
    expect(closures.filter((c) => c.followUp === 'reopened' && windowPassed(c)).length).toBeGreaterThan(3);
    const months = new Set((plans ?? []).map((p) => p.open.occurredAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(8);
  });

  it('sums the same by month as over the whole range (threshold 1)', () => {
    fc.assert(
      fc.property(journeyPlans(CTX, { min: 5, max: 25 }), (plans) => {
        const events = plans.flatMap(
          (plan, n) => simulate(plan, `00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`).events,
        );
        const range = { from: '2025-11-01', to: '2026-11-30', area: CTX.area };
        const whole = referenceMeasures(events, { ...range, groupBy: 'none' }, settings(1)).periods[0]?.figures ?? {};
        const months = referenceMeasures(events, { ...range, groupBy: 'month' }, settings(1)).periods;
        expect(months).toHaveLength(13);
        for (const id of ['volume.contacts', 'volume.assessments', 'volume.referrals', 'volume.journeys_opened']) {
          const valueOf = (fig: unknown) => (fig as { value?: number }).value ?? 0;
          expect(months.reduce((s, m) => s + valueOf(m.figures[id]), 0)).toBe(valueOf(whole[id]));
        }
        expect((whole['volume.journeys_opened'] as { value: number }).value).toBe(plans.length);
      }),
      { numRuns: 30 },
    );
  });
});
