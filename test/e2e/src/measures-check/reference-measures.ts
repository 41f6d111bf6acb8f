import { FAILURE_REASONS, JourneyEvent } from '@waymark/event-contracts';

/**
 * The independent check's own recomputation of every figure the commissioners' API publishes, straight from the raw
 * journey events and docs/measures.md. It shares no code with the projections (nothing from measures-maths,
 * measures-projection or measures-store) on purpose: two implementations of one contract that agree exactly are the
 * evidence that the published figures are right.
 *
 * It is written to be read, not to be fast: each journey's events are replayed in seq order into plain lists of what
 * happened (contacts, referrals, closures, ...), and each figure is a filter over those lists. Arithmetic is exact
 * (BigInt fractions) and rounding half away from zero is applied to the exact value. docs/measures.md rounds "the
 * shortest decimal form of the computed number (as JavaScript prints it)": for the correctly rounded double of the
 * exact value that is the same thing, so the two differ only where a float computation strays from the exact value
 * right at a tie (a figure ending in 5 just past the last published decimal).
 *
 * Readings of docs/measures.md where it leaves room (each is marked "Reading:" where it applies):
 * - "in days" is elapsed time ÷ 24 h, fractional (not a count of calendar dates).
 * - A journey's "whole cost" is the whole journey's, by every provider, whenever recorded, even when the figure is
 *   filtered by provider: the filter picks the sustained closures (by their closer and day), not the minutes.
 * - A cost figure whose n is below the threshold is suppressed, whatever its rates: disclosure control comes first,
 *   `unavailable` only for a figure that would otherwise be shown.
 * - `hand_offs.bounced_referral_rate` counts every referral in its denominator, those still unanswered included.
 * - `re_presentation.rate` and `sustained_resolution.rate` count closures (placed by closure day and closer), final
 *   or not: a reopened closure is never final.
 * - XmR by week: a week (clipped to the filter) with no sustained closure at all is listed in `suppressedWeeks` too
 *   (0 is fewer than the threshold, and leaving it out would tell that the listed weeks had some); weeks and points
 *   are labelled by the ISO week's Monday, also when the filter starts later in that week.
 *
 * The published form (docs/measures.md "Disclosure control", decision 0013), written here from the docs alone: a count
 * is shown only from the smallest multiple of 5 above the threshold, as the lowest value of its band of 5; a share
 * only when its whole, its part and the rest of the whole would each be shown, as band(part) ÷ band(whole); a count
 * per journey likewise from the bands of its total and of the final closures; a percentile or cost only over a shown
 * number of things. `exact: true` in the settings gives the figures before that (withheld only below the threshold),
 * for checking the definitions on hand-worked journeys; the API never answers that way.
 */

// ---------------------------------------------------------------------------------------------------------------
// Public shapes: the API's JSON, less `freshness`.

export type GroupBy = 'none' | 'week' | 'month';

export interface MeasuresFilter {
  /** Local dates, both inclusive. */
  from: string;
  to: string;
  provider?: string | null;
  area?: string | null;
  groupBy: GroupBy;
}

export type Figure =
  | { value: number }
  | {
      suppressed: true;
      reason: 'count-below-threshold' | 'denominator-below-threshold' | 'numerator-or-complement-below-threshold';
    }
  | { unavailable: true; reason: 'cost-rate-missing' };

export interface MeasuresPeriod {
  start: string;
  end: string;
  figures: Record<string, Figure>;
}

export interface MeasuresBody {
  filter: { from: string; to: string; provider: string | null; area: string | null; groupBy: GroupBy };
  disclosureThreshold: number;
  smallestShownCount: number;
  periods: MeasuresPeriod[];
}

export interface ReferenceSettings {
  /** Hourly rate in GBP (two decimals) by provider id; a provider missing here has no rate. */
  costRates: Readonly<Record<string, number>>;
  disclosureThreshold: number;
  /** The pilot's time zone: `Europe/London`. */
  timeZone: string;
  /** The figures before disclosure control, withheld only below the threshold: for checking definitions only. */
  exact?: boolean;
}

/** The smallest count the API shows: the smallest multiple of 5 above the threshold. */
export const smallestShown = (threshold: number) => 5 * (Math.floor(threshold / 5) + 1);
/** A shown count's published value: the lowest value of its band of 5. */
const band = (n: number) => n - (n % 5);
/** How many things a count, rate or statistic needs before it is shown. */
const shownFrom = (settings: ReferenceSettings) =>
  settings.exact ? settings.disclosureThreshold : smallestShown(settings.disclosureThreshold);

export const VALUE_FIGURE_IDS = [
  'end_to_end_days.median',
  'end_to_end_days.p85',
  'failure_demand.share',
  ...FAILURE_REASONS.map((reason) => `failure_demand.share.${reason}`),
  'hand_offs.accepted_per_journey',
  'hand_offs.bounced_referral_rate',
  're_presentation.rate',
  'sustained_resolution.rate',
  'sustained_resolution.pending',
  'what_matters.share',
  'what_matters.median_days_to_first',
  'progress.median_change',
  'assessments.per_journey',
  'assessments.repeat_share',
  'end_to_end_cost.per_sustained_resolution',
] as const;

export const VOLUME_FIGURE_IDS = [
  'volume.contacts',
  'volume.assessments',
  'volume.referrals',
  'volume.journeys_opened',
  'volume.journeys_closed',
  'volume.cost_per_contact',
] as const;

/** Every figure id, in the order docs/measures.md lists them. */
export const FIGURE_IDS: readonly string[] = [...VALUE_FIGURE_IDS, ...VOLUME_FIGURE_IDS];

// ---------------------------------------------------------------------------------------------------------------
// Exact fractions.

export class Fraction {
  readonly num: bigint;
  readonly den: bigint;

  constructor(num: bigint | number, den: bigint | number = 1n) {
    let n = BigInt(num);
    let d = BigInt(den);
    if (d === 0n) throw new RangeError('division by zero');
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    const g = gcd(n < 0n ? -n : n, d);
    this.num = n / g;
    this.den = d / g;
  }

  plus(o: Fraction): Fraction {
    return new Fraction(this.num * o.den + o.num * this.den, this.den * o.den);
  }
  minus(o: Fraction): Fraction {
    return new Fraction(this.num * o.den - o.num * this.den, this.den * o.den);
  }
  times(o: Fraction): Fraction {
    return new Fraction(this.num * o.num, this.den * o.den);
  }
  dividedBy(o: Fraction): Fraction {
    return new Fraction(this.num * o.den, this.den * o.num);
  }
  compare(o: Fraction): number {
    const diff = this.num * o.den - o.num * this.den;
    return diff < 0n ? -1 : diff > 0n ? 1 : 0;
  }
  abs(): Fraction {
    return this.num < 0n ? new Fraction(-this.num, this.den) : this;
  }
  /** Largest integer not above this. */
  floor(): bigint {
    const q = this.num / this.den; // truncates towards zero
    return this.num < 0n && q * this.den !== this.num ? q - 1n : q;
  }

  /** Rounded half away from zero to `dp` decimals, as the JSON number with those digits. */
  round(dp: number): number {
    const scale = 10n ** BigInt(dp);
    const scaled = this.abs().times(new Fraction(scale));
    // floor(|x|·10^dp + 1/2): halves go up in magnitude, i.e. away from zero.
    const magnitude = scaled.plus(new Fraction(1n, 2n)).floor();
    const digits = this.num < 0n ? -magnitude : magnitude;
    // A division of two integers is correctly rounded, so this is the same double as parsing the decimal.
    return Number(digits) / Number(scale);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

const frac = (num: number | bigint, den: number | bigint = 1) => new Fraction(num, den);
const ZERO = frac(0);
const DAY_MS = 86_400_000;
/** A duration in ms as exact days. Reading: "in days" is elapsed time ÷ 24 h, not a count of calendar dates. */
const msToDays = (ms: number) => frac(ms, DAY_MS);

function sum(values: readonly Fraction[]): Fraction {
  return values.reduce((a, b) => a.plus(b), ZERO);
}

function mean(values: readonly Fraction[]): Fraction {
  return sum(values).dividedBy(frac(values.length));
}

/** Hyndman & Fan type 7: h = (n − 1)·p, x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) over the sorted values. */
export function percentile(values: readonly Fraction[], p: Fraction): Fraction {
  if (values.length === 0) throw new RangeError('percentile of no values');
  const sorted = [...values].sort((a, b) => a.compare(b));
  const h = frac(sorted.length - 1).times(p);
  const j = Number(h.floor());
  const lower = sorted[j] as Fraction;
  const upper = sorted[Math.min(j + 1, sorted.length - 1)] as Fraction;
  return lower.plus(h.minus(frac(j)).times(upper.minus(lower)));
}

const median = (values: readonly Fraction[]) => percentile(values, frac(1, 2));

// ---------------------------------------------------------------------------------------------------------------
// Dates: local calendar dates as 'YYYY-MM-DD', with calendar arithmetic done on UTC midnights.

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local date, in `timeZone`, of an instant. */
export function localDate(instantMs: number, timeZone: string): string {
  let format = dayFormatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(instantMs)).map((p) => [p.type, p.value]));
  return `${parts['year']}-${parts['month']}-${parts['day']}`;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateToUtcMs(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return ms;
}

const utcMsToDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => utcMsToDate(dateToUtcMs(date) + days * DAY_MS);
/** 1 = Monday … 7 = Sunday. */
const isoWeekday = (date: string) => new Date(dateToUtcMs(date)).getUTCDay() || 7;
const lastDayOfMonth = (date: string) => {
  const d = new Date(dateToUtcMs(date));
  return utcMsToDate(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
};

/** The Monday of a date's ISO week: how charts label a week (docs/measures.md, "its Monday"). */
export const weekMonday = (date: string) => addDays(date, 1 - isoWeekday(date));

/** The periods of a filter: the whole range, or ISO weeks / calendar months clipped to it, every one, in order. */
export function periodsOf(from: string, to: string, groupBy: GroupBy): { start: string; end: string }[] {
  if (dateToUtcMs(from) > dateToUtcMs(to)) throw new RangeError(`from ${from} is after to ${to}`);
  if (groupBy === 'none') return [{ start: from, end: to }];
  const periods: { start: string; end: string }[] = [];
  let start = from;
  while (start <= to) {
    const natural = groupBy === 'week' ? addDays(start, 7 - isoWeekday(start)) : lastDayOfMonth(start);
    const end = natural < to ? natural : to;
    periods.push({ start, end });
    start = addDays(end, 1);
  }
  return periods;
}

// ---------------------------------------------------------------------------------------------------------------
// Replaying journeys into plain facts.

/** Recorded time on a contact, assessment or help: what costs are made of. */
interface Work {
  day: string;
  provider: string;
  minutes: number;
}

interface Contact extends Work {
  failureReason: string | null;
}

interface Referral {
  day: string;
  provider: string;
  outcome: 'accepted' | 'declined' | 'pending';
}

export interface Closure {
  journeyId: string;
  area: string;
  /** When it closed, and the local date that places it. */
  time: number;
  day: string;
  provider: string;
  outcome: 'resolved' | 'unresolved';
  followUp: 'pending' | 'reopened' | 'sustained' | 'not-applicable';
  /** False when the journey was reopened after it. */
  final: boolean;
  /** Closure time − opened time, in ms. */
  endToEndMs: number;
  /** The journey's state at this closure. */
  acceptedHandOffs: number;
  assessments: number;
  /** First what-matters record's time − opened time, in ms; null without one. */
  daysToFirstWhatMattersMs: number | null;
  /** Last − first overall progress rating; null with fewer than two. */
  progressChange: number | null;
  /** Every minute recorded on the journey before the sustained event (only for sustained closures). */
  wholeJourneyWork: Work[];
}

export interface JourneyFacts {
  journeyId: string;
  area: string;
  openedAt: number;
  openedDay: string;
  openedBy: string;
  contacts: Contact[];
  assessments: Work[];
  help: Work[];
  referrals: Referral[];
  closures: Closure[];
}

/**
 * Checks and orders the raw events: duplicates (redeliveries) are dropped after checking they are identical, each
 * journey's events must run from seq 1 (its opened event) without gaps.
 */
export function eventsByJourney(events: readonly JourneyEvent[]): Map<string, JourneyEvent[]> {
  const byId = new Map<string, JourneyEvent>();
  for (const event of events) {
    const seen = byId.get(event.id);
    if (seen && JSON.stringify(seen) !== JSON.stringify(event)) {
      throw new Error(`event ${event.id} was delivered twice with different content`);
    }
    byId.set(event.id, event);
  }
  const journeys = new Map<string, JourneyEvent[]>();
  for (const event of byId.values()) {
    const list = journeys.get(event.subject) ?? [];
    list.push(event);
    journeys.set(event.subject, list);
  }
  for (const [journeyId, list] of journeys) {
    list.sort((a, b) => a.seq - b.seq);
    list.forEach((event, i) => {
      if (event.seq !== i + 1) throw new Error(`journey ${journeyId} has no event ${i + 1} (found seq ${event.seq})`);
    });
    if (list[0]?.type !== 'waymark.journey.opened.v1') throw new Error(`journey ${journeyId} does not start opened`);
  }
  return journeys;
}

const ms = (iso: string) => Date.parse(iso);

/** Earliest by time, then by seq (docs/measures.md: "first" and "last" go by event time, then seq). */
const byTimeThenSeq = (a: { time: string; seq: number }, b: { time: string; seq: number }) =>
  ms(a.time) - ms(b.time) || a.seq - b.seq;

/** Replays one journey's events (in seq order, gap-free, from its opened event) into facts. */
export function replayJourney(events: readonly JourneyEvent[], timeZone: string): JourneyFacts {
  const opened = events[0];
  if (opened?.type !== 'waymark.journey.opened.v1') throw new Error('a journey starts with its opened event');
  const facts: JourneyFacts = {
    journeyId: opened.subject,
    area: opened.data.areaCode,
    openedAt: ms(opened.time),
    openedDay: localDate(ms(opened.time), timeZone),
    openedBy: opened.data.leadProviderId,
    contacts: [],
    assessments: [],
    help: [],
    referrals: [],
    closures: [],
  };
  const day = (event: JourneyEvent) => localDate(ms(event.time), timeZone);

  // The journey's state so far, as the closures need it.
  let acceptedHandOffs = 0;
  let assessments = 0;
  const whatMatters: { time: string; seq: number }[] = [];
  const overallRatings: { time: string; seq: number; rating: number }[] = [];
  const work: Work[] = [];
  const referralsById = new Map<string, Referral>();
  /** The latest resolved closure, pending or sustained: a (late) re-presentation reopens it. */
  let lastResolved: Closure | undefined;

  for (const event of events) {
    switch (event.type) {
      case 'waymark.journey.opened.v1':
        if (event.seq !== 1) throw new Error(`journey ${event.subject} opened twice`);
        break;
      case 'waymark.journey.contact-recorded.v1': {
        const d = event.data;
        const contact: Contact = {
          day: day(event),
          provider: d.providerId,
          minutes: d.minutesSpent,
          failureReason: d.demand === 'failure' ? d.failureReason : null,
        };
        facts.contacts.push(contact);
        work.push(contact);
        break;
      }
      case 'waymark.journey.assessment-recorded.v1': {
        const a: Work = { day: day(event), provider: event.data.providerId, minutes: event.data.minutesSpent };
        facts.assessments.push(a);
        work.push(a);
        assessments += 1;
        break;
      }
      case 'waymark.journey.help-given.v1': {
        const h: Work = { day: day(event), provider: event.data.providerId, minutes: event.data.minutesSpent };
        facts.help.push(h);
        work.push(h);
        break;
      }
      case 'waymark.journey.what-matters-recorded.v1':
        whatMatters.push({ time: event.time, seq: event.seq });
        break;
      case 'waymark.journey.progress-rated.v1':
        if (event.data.whatMattersItemId === undefined) {
          overallRatings.push({ time: event.time, seq: event.seq, rating: event.data.rating });
        }
        break;
      case 'waymark.journey.hand-off-requested.v1': {
        const referral: Referral = { day: day(event), provider: event.data.fromProviderId, outcome: 'pending' };
        referralsById.set(event.data.handOffId, referral);
        facts.referrals.push(referral);
        break;
      }
      case 'waymark.journey.hand-off-accepted.v1':
      case 'waymark.journey.hand-off-declined.v1': {
        const referral = referralsById.get(event.data.handOffId);
        if (!referral || referral.outcome !== 'pending') {
          throw new Error(`journey ${event.subject}: answer to unknown or answered ${event.data.handOffId}`);
        }
        const accepted = event.type === 'waymark.journey.hand-off-accepted.v1';
        referral.outcome = accepted ? 'accepted' : 'declined';
        if (accepted) acceptedHandOffs += 1;
        break;
      }
      case 'waymark.journey.provider-involved.v1':
      case 'waymark.journey.stalled.v1':
        break;
      case 'waymark.journey.closed.v1': {
        const sortedWhatMatters = [...whatMatters].sort(byTimeThenSeq);
        const sortedRatings = [...overallRatings].sort(byTimeThenSeq);
        const first = sortedWhatMatters[0];
        const firstRating = sortedRatings[0];
        const lastRating = sortedRatings[sortedRatings.length - 1];
        const closure: Closure = {
          journeyId: facts.journeyId,
          area: facts.area,
          time: ms(event.time),
          day: day(event),
          provider: event.data.providerId,
          outcome: event.data.outcome,
          followUp: event.data.outcome === 'resolved' ? 'pending' : 'not-applicable',
          final: true,
          endToEndMs: ms(event.time) - facts.openedAt,
          acceptedHandOffs,
          assessments,
          daysToFirstWhatMattersMs: first ? ms(first.time) - facts.openedAt : null,
          progressChange:
            sortedRatings.length >= 2 && firstRating && lastRating ? lastRating.rating - firstRating.rating : null,
          wholeJourneyWork: [],
        };
        facts.closures.push(closure);
        lastResolved = event.data.outcome === 'resolved' ? closure : undefined;
        break;
      }
      case 'waymark.journey.reopened.v1': {
        if (!lastResolved) {
          throw new Error(`journey ${event.subject} reopened without a resolved closure to reopen`);
        }
        if (ms(event.data.closedAt) !== lastResolved.time) {
          throw new Error(`journey ${event.subject}: reopened names a closure at ${event.data.closedAt}`);
        }
        // Pending, or sustained provisionally and reopened by a late re-presentation: reopened either way.
        lastResolved.followUp = 'reopened';
        lastResolved.wholeJourneyWork = [];
        // Every earlier closure is no longer final: a reopened journey's later closure is its final one.
        for (const c of facts.closures) c.final = false;
        lastResolved = undefined;
        break;
      }
      case 'waymark.journey.resolution-sustained.v1': {
        if (lastResolved?.followUp !== 'pending') {
          throw new Error(`journey ${event.subject} sustained without a resolved closure awaiting follow-up`);
        }
        lastResolved.followUp = 'sustained';
        lastResolved.wholeJourneyWork = [...work];
        break;
      }
    }
  }
  return facts;
}

// ---------------------------------------------------------------------------------------------------------------
// Figures.

const countBelow = { suppressed: true, reason: 'count-below-threshold' } as const;
const denominatorBelow = { suppressed: true, reason: 'denominator-below-threshold' } as const;
const partBelow = { suppressed: true, reason: 'numerator-or-complement-below-threshold' } as const;
const rateMissing = { unavailable: true, reason: 'cost-rate-missing' } as const;

/** Precision by kind of figure (docs/measures.md, "Disclosure control and precision"). */
const DP = { rate: 4, days: 2, perJourney: 2, money: 2, progress: 2 } as const;

/** The whole computation for one filter: every period, every figure. */
export function referenceMeasures(
  events: readonly JourneyEvent[],
  filter: MeasuresFilter,
  settings: ReferenceSettings,
): MeasuresBody {
  const journeys = [...eventsByJourney(events).values()].map((list) => replayJourney(list, settings.timeZone));
  const provider = filter.provider ?? null;
  const area = filter.area ?? null;
  return {
    filter: { from: filter.from, to: filter.to, provider, area, groupBy: filter.groupBy },
    disclosureThreshold: settings.disclosureThreshold,
    smallestShownCount: smallestShown(settings.disclosureThreshold),
    periods: periodsOf(filter.from, filter.to, filter.groupBy).map(({ start, end }) => ({
      start,
      end,
      figures: periodFigures(journeys, { start, end, provider, area }, settings),
    })),
  };
}

interface Cell {
  start: string;
  end: string;
  provider: string | null;
  area: string | null;
}

/** Whether a thing placed on `day`, attributed to `provider`, on a journey in `area`, belongs to the cell. */
const inCell = (cell: Cell, day: string, provider: string, area: string) =>
  day >= cell.start &&
  day <= cell.end &&
  (cell.provider === null || cell.provider === provider) &&
  (cell.area === null || cell.area === area);

function periodFigures(journeys: readonly JourneyFacts[], cell: Cell, settings: ReferenceSettings) {
  const threshold = settings.disclosureThreshold;
  if (!Number.isInteger(threshold) || threshold < 1) throw new RangeError('the threshold must be a positive integer');

  // What falls in the cell, each placed and attributed as the table in docs/measures.md says.
  const contacts = journeys.flatMap((j) => j.contacts.filter((c) => inCell(cell, c.day, c.provider, j.area)));
  const assessments = journeys.flatMap((j) => j.assessments.filter((a) => inCell(cell, a.day, a.provider, j.area)));
  const help = journeys.flatMap((j) => j.help.filter((h) => inCell(cell, h.day, h.provider, j.area)));
  const referrals = journeys.flatMap((j) => j.referrals.filter((r) => inCell(cell, r.day, r.provider, j.area)));
  const opened = journeys.filter((j) => inCell(cell, j.openedDay, j.openedBy, j.area));
  const closures = journeys.flatMap((j) => j.closures.filter((c) => inCell(cell, c.day, c.provider, j.area)));

  const finals = closures.filter((c) => c.final);
  const sustained = closures.filter((c) => c.followUp === 'sustained');
  const reopened = closures.filter((c) => c.followUp === 'reopened');
  const pending = closures.filter((c) => c.followUp === 'pending');
  const unresolved = closures.filter((c) => c.outcome === 'unresolved');

  // The published form (see the header); with settings.exact, the figures before it.
  const exact = settings.exact === true;
  const least = shownFrom(settings);
  const count = (n: number): Figure => (n < least ? countBelow : { value: exact ? n : band(n) });
  const statistic = (n: number, value: () => Fraction, dp: number): Figure =>
    n >= least ? { value: value().round(dp) } : denominatorBelow;
  const share = (part: number, whole: number): Figure => {
    if (whole < least) return denominatorBelow;
    if (exact) return { value: frac(part, whole).round(DP.rate) };
    if (part < least || whole - part < least) return partBelow;
    return { value: frac(band(part), band(whole)).round(DP.rate) };
  };
  /** A count per final closure (hand-offs, assessments). */
  const perJourney = (total: number, n: number): Figure => {
    if (n < least) return denominatorBelow;
    if (exact) return { value: frac(total, n).round(DP.perJourney) };
    if (total < least) return partBelow;
    return { value: frac(band(total), band(n)).round(DP.perJourney) };
  };
  const cost = (n: number, work: readonly Work[], total: (pence: Fraction) => Fraction): Figure => {
    // Reading: disclosure control first; only a figure that would be shown can be unavailable.
    if (n < least) return denominatorBelow;
    // Reading of "a provider whose recorded minutes in the figure are all 0 needs no rate": only work with minutes.
    const costed = work.filter((w) => w.minutes > 0);
    if (costed.some((w) => settings.costRates[w.provider] === undefined)) return rateMissing;
    // Σ minutes × (rate in pence) ÷ 60 pence, exactly; then ÷ 100 for pounds.
    const pence = sum(costed.map((w) => frac(w.minutes * ratePence(settings, w.provider), 60)));
    return { value: total(pence).dividedBy(frac(100)).round(DP.money) };
  };

  const figures: Record<string, Figure> = {};

  // Value measures.
  const endToEnd = sustained.map((c) => msToDays(c.endToEndMs));
  figures['end_to_end_days.median'] = statistic(sustained.length, () => median(endToEnd), DP.days);
  figures['end_to_end_days.p85'] = statistic(sustained.length, () => percentile(endToEnd, frac(85, 100)), DP.days);

  const failures = contacts.filter((c) => c.failureReason !== null);
  figures['failure_demand.share'] = share(failures.length, contacts.length);
  for (const reason of FAILURE_REASONS) {
    figures[`failure_demand.share.${reason}`] = share(
      failures.filter((c) => c.failureReason === reason).length,
      contacts.length,
    );
  }

  figures['hand_offs.accepted_per_journey'] = perJourney(
    finals.reduce((n, c) => n + c.acceptedHandOffs, 0),
    finals.length,
  );
  // Reading: unanswered referrals are referrals too (in the denominator).
  figures['hand_offs.bounced_referral_rate'] = share(
    referrals.filter((r) => r.outcome === 'declined').length,
    referrals.length,
  );

  figures['re_presentation.rate'] = share(reopened.length, reopened.length + sustained.length);
  figures['sustained_resolution.rate'] = share(
    sustained.length,
    sustained.length + reopened.length + unresolved.length,
  );
  figures['sustained_resolution.pending'] = count(pending.length);

  const withWhatMatters = finals.filter((c) => c.daysToFirstWhatMattersMs !== null);
  figures['what_matters.share'] = share(withWhatMatters.length, finals.length);
  figures['what_matters.median_days_to_first'] = statistic(
    withWhatMatters.length,
    () => median(withWhatMatters.map((c) => msToDays(c.daysToFirstWhatMattersMs ?? 0))),
    DP.days,
  );

  const rated = finals.filter((c) => c.progressChange !== null);
  figures['progress.median_change'] = statistic(
    rated.length,
    () => median(rated.map((c) => frac(c.progressChange ?? 0))),
    DP.progress,
  );

  figures['assessments.per_journey'] = perJourney(
    finals.reduce((n, c) => n + c.assessments, 0),
    finals.length,
  );
  figures['assessments.repeat_share'] = share(finals.filter((c) => c.assessments >= 2).length, finals.length);

  // Reading: the whole journey's work, by any provider, even under a provider filter.
  figures['end_to_end_cost.per_sustained_resolution'] = cost(
    sustained.length,
    sustained.flatMap((c) => c.wholeJourneyWork),
    (pence) => pence.dividedBy(frac(sustained.length)),
  );

  // Volume measures.
  figures['volume.contacts'] = count(contacts.length);
  figures['volume.assessments'] = count(assessments.length);
  figures['volume.referrals'] = count(referrals.length);
  figures['volume.journeys_opened'] = count(opened.length);
  figures['volume.journeys_closed'] = count(closures.length);
  figures['volume.cost_per_contact'] = cost(contacts.length, [...contacts, ...assessments, ...help], (pence) =>
    pence.dividedBy(frac(contacts.length)),
  );

  return figures;
}

/** A provider's hourly rate in whole pence (rates are GBP with two decimals). */
function ratePence(settings: ReferenceSettings, provider: string): number {
  const rate = settings.costRates[provider];
  if (rate === undefined) throw new Error(`no rate for ${provider}`);
  const pence = Math.round(rate * 100);
  if (Math.abs(pence - rate * 100) > 1e-6) throw new RangeError(`rate ${rate} for ${provider} has over two decimals`);
  return pence;
}

// ---------------------------------------------------------------------------------------------------------------
// XmR charts of end-to-end days.

/**
 * XmR charts as docs/measures.md "Charts" describes them (the Making Data Count reading, decision 0016), written
 * here from the docs alone: each point is checked on its own against its segment's lines (how far the run it sits in
 * reaches either way), rather than finding runs first as measures-maths does.
 */

export type Rule = 'outside-limits' | 'trend' | 'two-of-three' | 'shift';
type Reading = 'improving' | 'concerning';
type Variation = 'common-cause' | 'special-cause-improving' | 'special-cause-concerning';

export interface XmrPoint {
  label: string;
  x: number;
  /** Null on the first point of each segment. */
  movingRange: number | null;
  rules: { rule: Rule; reading: Reading }[];
  variation: Variation | null;
}

export interface XmrSegment {
  from: number;
  to: number;
  centreLine: number;
  upperLimit: number | null;
  lowerLimit: number | null;
  upperTwoSigma: number | null;
  lowerTwoSigma: number | null;
  movingRangeUpperLimit: number | null;
  trialLimits: boolean;
}

export interface XmrChart {
  improvement: 'down';
  changeDate: string | null;
  target: number | null;
  points: XmrPoint[];
  segments: XmrSegment[];
  variation: Variation | null;
  assurance: 'pass' | 'fail' | 'hit-and-miss' | null;
}

/** What a chart is asked for beyond the filter, as the query gives it. */
export interface ChartAsked {
  changeDate?: string;
  /** Days as written in the query, e.g. '28.5'. */
  target?: string;
}

export type ChartFilter = Omit<MeasuresFilter, 'groupBy'>;

/** The chart route's JSON, less `freshness`. */
interface ChartBody extends XmrChart {
  filter: { from: string; to: string; provider: string | null; area: string | null };
  disclosureThreshold: number;
  smallestShownCount: number;
}
export type XmrByWeek = ChartBody & { by: 'week'; suppressedWeeks: string[] };
export type XmrByClosureGroup = ChartBody & { by: 'closure-group'; groupSize: number; suppressedMonths: string[] };

const THREE_SIGMA = frac(266, 100);
const TWO_SIGMA = frac(266 * 2, 100 * 3);
const MOVING_RANGE_LIMIT = frac(3268, 1000);
const RUN = 7;
const TRIAL_BELOW = 12;
/** The order in which a point's rules decide its reading. */
const PRECEDENCE: readonly Rule[] = ['outside-limits', 'trend', 'two-of-three', 'shift'];

/** A decimal such as '28.25', exactly. */
function decimal(text: string): Fraction {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new RangeError(`not a decimal: ${text}`);
  const decimals = m[2] ?? '';
  return frac(BigInt(`${m[1]}${decimals}`), 10n ** BigInt(decimals.length));
}

/** Lower end-to-end time is better: a signal towards higher values is concerning. */
const readingOf = (up: boolean): Reading => (up ? 'concerning' : 'improving');

interface Found {
  rule: Rule;
  reading: Reading;
  /** Where its run starts: of two trends through one point, the later one decides. */
  start: number;
}

/** The rules one segment's points take part in, each point looked at on its own. */
function segmentRules(xs: readonly Fraction[], lines: Lines): Found[][] {
  const { centre, upper, lower, upper2, lower2 } = lines;
  const side = (k: number) => (xs[k] as Fraction).compare(centre);
  const near = (k: number) => {
    const x = xs[k] as Fraction;
    return (x.compare(upper2) > 0 && x.compare(upper) <= 0) || (x.compare(lower2) < 0 && x.compare(lower) >= 0);
  };
  /** How far from i a condition on neighbours holds: the first and last index of the stretch. */
  const stretch = (i: number, joins: (a: number, b: number) => boolean) => {
    let first = i;
    let last = i;
    while (first > 0 && joins(first - 1, first)) first -= 1;
    while (last < xs.length - 1 && joins(last, last + 1)) last += 1;
    return { first, last, length: last - first + 1 };
  };
  return xs.map((x, i) => {
    const found: Found[] = [];
    if (x.compare(upper) > 0 || x.compare(lower) < 0) {
      found.push({ rule: 'outside-limits', reading: readingOf(x.compare(upper) > 0), start: i });
    }
    for (const rising of [true, false]) {
      const step = (a: number, b: number) => (xs[b] as Fraction).compare(xs[a] as Fraction) === (rising ? 1 : -1);
      const run = stretch(i, step);
      if (run.length >= RUN) found.push({ rule: 'trend', reading: readingOf(rising), start: run.first });
    }
    const windows = [i - 2, i - 1, i].filter((w) => w >= 0 && w + 2 < xs.length);
    const inTwoOfThree = windows.some((w) => {
      const three = [w, w + 1, w + 2];
      const sameSide = three.every((k) => side(k) !== 0 && side(k) === side(w));
      return sameSide && three.filter(near).length >= 2;
    });
    if (near(i) && inTwoOfThree) found.push({ rule: 'two-of-three', reading: readingOf(side(i) > 0), start: i });
    if (side(i) !== 0) {
      const run = stretch(i, (a, b) => side(a) === side(b));
      if (run.length >= RUN) found.push({ rule: 'shift', reading: readingOf(side(i) > 0), start: run.first });
    }
    return found.sort((a, b) => PRECEDENCE.indexOf(a.rule) - PRECEDENCE.indexOf(b.rule) || b.start - a.start);
  });
}

interface Lines {
  centre: Fraction;
  meanRange: Fraction;
  upper: Fraction;
  lower: Fraction;
  upper2: Fraction;
  lower2: Fraction;
}

function linesOf(xs: readonly Fraction[]): Lines | null {
  if (xs.length < 2) return null;
  const centre = mean(xs);
  const meanRange = mean(xs.slice(1).map((x, k) => x.minus(xs[k] as Fraction).abs()));
  const atLeastZero = (v: Fraction) => (v.compare(ZERO) < 0 ? ZERO : v);
  return {
    centre,
    meanRange,
    upper: centre.plus(THREE_SIGMA.times(meanRange)),
    lower: atLeastZero(centre.minus(THREE_SIGMA.times(meanRange))),
    upper2: centre.plus(TWO_SIGMA.times(meanRange)),
    lower2: atLeastZero(centre.minus(TWO_SIGMA.times(meanRange))),
  };
}

/**
 * An individuals chart over values in time order, each with the first day of its period, read the Making Data Count
 * way, with every number it publishes rounded to 2 dp.
 */
export function xmrChart(
  points: readonly { label: string; x: Fraction; periodStart: string }[],
  asked: ChartAsked = {},
): XmrChart {
  const round = (v: Fraction | undefined) => (v === undefined ? null : v.round(DP.days));
  // A new segment from the first point whose period starts on or after the change date, unless that is the first.
  const change = asked.changeDate === undefined ? -1 : points.findIndex((p) => p.periodStart >= asked.changeDate!);
  const starts = change > 0 ? [0, change] : points.length > 0 ? [0] : [];
  const chart: XmrChart = {
    improvement: 'down',
    changeDate: asked.changeDate ?? null,
    target: asked.target === undefined ? null : Number(asked.target),
    points: [],
    segments: [],
    variation: null,
    assurance: null,
  };
  let latest: Lines | null = null;
  starts.forEach((from, s) => {
    const to = (starts[s + 1] ?? points.length) - 1;
    const xs = points.slice(from, to + 1).map((p) => p.x);
    const lines = linesOf(xs);
    chart.segments.push({
      from,
      to,
      centreLine: mean(xs).round(DP.days),
      upperLimit: round(lines?.upper),
      lowerLimit: round(lines?.lower),
      upperTwoSigma: round(lines?.upper2),
      lowerTwoSigma: round(lines?.lower2),
      movingRangeUpperLimit: round(lines ? MOVING_RANGE_LIMIT.times(lines.meanRange) : undefined),
      trialLimits: xs.length < TRIAL_BELOW,
    });
    const rules = lines ? segmentRules(xs, lines) : xs.map(() => []);
    xs.forEach((x, k) => {
      const unique = (rules[k] as Found[]).filter(
        (f, n, all) => all.findIndex((g) => g.rule === f.rule && g.reading === f.reading) === n,
      );
      const first = unique[0];
      chart.points.push({
        label: (points[from + k] as { label: string }).label,
        x: x.round(DP.days),
        movingRange:
          k === 0
            ? null
            : x
                .minus(xs[k - 1] as Fraction)
                .abs()
                .round(DP.days),
        rules: unique.map(({ rule, reading }) => ({ rule, reading })),
        variation: !lines ? null : first ? `special-cause-${first.reading}` : 'common-cause',
      });
    });
    latest = lines;
  });
  chart.variation = chart.points.at(-1)?.variation ?? null;
  const last = latest as Lines | null;
  if (asked.target !== undefined && last) {
    const target = decimal(asked.target);
    // Lower is better: limits all below the target pass, all above fail; a target on a limit is hit and miss.
    chart.assurance =
      last.upper.compare(target) < 0 ? 'pass' : last.lower.compare(target) > 0 ? 'fail' : 'hit-and-miss';
  }
  return chart;
}

function sustainedClosuresIn(events: readonly JourneyEvent[], filter: ChartFilter, settings: ReferenceSettings) {
  const cell: Cell = {
    start: filter.from,
    end: filter.to,
    provider: filter.provider ?? null,
    area: filter.area ?? null,
  };
  return [...eventsByJourney(events).values()]
    .map((list) => replayJourney(list, settings.timeZone))
    .flatMap((j) => j.closures)
    .filter((c) => c.followUp === 'sustained' && inCell(cell, c.day, c.provider, c.area))
    .sort((a, b) => a.time - b.time || (a.journeyId < b.journeyId ? -1 : a.journeyId > b.journeyId ? 1 : 0));
}

const chartHeader = (filter: ChartFilter, settings: ReferenceSettings) => ({
  filter: { from: filter.from, to: filter.to, provider: filter.provider ?? null, area: filter.area ?? null },
  disclosureThreshold: settings.disclosureThreshold,
  smallestShownCount: smallestShown(settings.disclosureThreshold),
});

/**
 * `by=week`: one point per ISO week (its days within the filter) with enough sustained closures: their median,
 * labelled by the week's Monday (even when the filter starts later in that week).
 */
export function referenceXmrByWeek(
  events: readonly JourneyEvent[],
  filter: ChartFilter,
  settings: ReferenceSettings,
  asked: ChartAsked = {},
): XmrByWeek {
  const closures = sustainedClosuresIn(events, filter, settings);
  const points: { label: string; x: Fraction; periodStart: string }[] = [];
  const suppressedWeeks: string[] = [];
  for (const week of periodsOf(filter.from, filter.to, 'week')) {
    const label = weekMonday(week.start);
    const inWeek = closures.filter((c) => c.day >= week.start && c.day <= week.end);
    // Reading: an empty week is listed too.
    if (inWeek.length < shownFrom(settings)) suppressedWeeks.push(label);
    else points.push({ label, x: median(inWeek.map((c) => msToDays(c.endToEndMs))), periodStart: label });
  }
  return { ...chartHeader(filter, settings), by: 'week', ...xmrChart(points, asked), suppressedWeeks };
}

/**
 * The weeks (labelled by their Monday) of the filter without a single sustained closure: what `suppressedWeeks` holds
 * beyond weeks with a few, on this reading of docs/measures.md.
 */
export function weeksWithoutSustainedClosures(
  events: readonly JourneyEvent[],
  filter: ChartFilter,
  settings: ReferenceSettings,
): string[] {
  const closures = sustainedClosuresIn(events, filter, settings);
  return periodsOf(filter.from, filter.to, 'week')
    .filter((week) => !closures.some((c) => c.day >= week.start && c.day <= week.end))
    .map((week) => weekMonday(week.start));
}

/**
 * `by=closure-group`: each month's sustained closures in closure order, cut into groups of the smallest shown count,
 * the month's last group taking what is left over; a month with fewer has none and is listed. One point per group,
 * the most recent `limit`: the mean of its end-to-end days, labelled `<the month's first day>#<place in the month>`.
 */
export function referenceXmrByClosureGroup(
  events: readonly JourneyEvent[],
  filter: ChartFilter,
  settings: ReferenceSettings,
  limit = 100,
  asked: ChartAsked = {},
): XmrByClosureGroup {
  const size = smallestShown(settings.disclosureThreshold);
  const closures = sustainedClosuresIn(events, filter, settings);
  const points: { label: string; x: Fraction; periodStart: string }[] = [];
  const suppressedMonths: string[] = [];
  for (const month of periodsOf(filter.from, filter.to, 'month')) {
    const inMonth = closures.filter((c) => c.day >= month.start && c.day <= month.end);
    const groups = Math.floor(inMonth.length / size);
    if (groups === 0) suppressedMonths.push(month.start);
    for (let g = 0; g < groups; g += 1) {
      const members = inMonth.slice(g * size, g === groups - 1 ? inMonth.length : (g + 1) * size);
      const x = mean(members.map((c) => msToDays(c.endToEndMs)));
      points.push({ label: `${month.start}#${g + 1}`, x, periodStart: month.start });
    }
  }
  return {
    ...chartHeader(filter, settings),
    by: 'closure-group',
    groupSize: size,
    ...xmrChart(points.slice(-limit), asked),
    suppressedMonths,
  };
}
