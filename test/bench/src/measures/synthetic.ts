import {
  AGE_BANDS,
  ASSESSMENT_TYPES,
  CONTACT_CHANNELS,
  DECLINE_REASONS,
  FAILURE_REASONS,
  HELP_TYPES,
  JourneyEvent,
  UNRESOLVED_REASONS,
  WHAT_MATTERS_DOMAINS,
} from '@waymark/event-contracts';
import { journeyEvents } from '@waymark/test-support';
import { createHash } from 'node:crypto';

/**
 * Synthetic journeys for the measures benchmarks: realistic in shape (opened, contacts with value and failure
 * demand, what matters, assessments, help, hand-offs requested/accepted/declined, providers involved, progress
 * ratings, stalls, closures resolved and unresolved, re-presentations that reopen a journey, sustained
 * resolutions after the 90-day follow-up), spread over two years, 20 providers and 10 areas. Deterministic for a
 * seed: the same options give the same journeys, ids included. Events are stamped as a journey workflow would
 * (seq from 1, ids `<journeyId>:<seq>`, `recordedat` shortly after `time`); nothing after `now` is emitted, so
 * the latest journeys are still open or in their follow-up window.
 */
export interface SyntheticOptions {
  seed: number;
  /** Journeys are opened in [from, now). */
  from: number;
  now: number;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
const FOLLOW_UP_DAYS = 90;
const STALL_DAYS = 28;

export const PROVIDERS = Array.from({ length: 20 }, (_, i) => `provider-${String(i + 1).padStart(2, '0')}`);
export const AREAS = Array.from({ length: 10 }, (_, i) => `E0500${String(i + 1).padStart(4, '0')}`);

/** Larger providers and areas see more journeys (weights 1/(i+3): the biggest about 4× the smallest). */
const providerWeights = PROVIDERS.map((_, i) => 1 / (i + 3));
const areaWeights = AREAS.map((_, i) => 1 / (i + 2));
const failureWeights = [35, 20, 12, 10, 15, 8]; // chasing-progress … correcting-error

/** Two years ending at the start of today (UTC). */
export function twoYearsToToday(now = Date.now()): { from: number; now: number } {
  const today = Math.floor(now / DAY) * DAY;
  return { from: today - 730 * DAY, now };
}

/** mulberry32: small, fast, good enough to spread synthetic data. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }
  /** Exponential with the given mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
}

/** A version-4-shaped UUID from the seed and the journey's number, so reruns give the same ids. */
export function journeyId(seed: number, n: number): string {
  const h = createHash('sha1').update(`waymark-bench:${seed}:${n}`).digest('hex');
  const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Moves a time to working hours (08:00–18:00 UTC) of the same or the next weekday. */
function workingTime(random: Random, at: number): number {
  let day = Math.floor(at / DAY) * DAY;
  let t = Math.max(at, day + 8 * 3_600_000);
  if (t > day + 18 * 3_600_000) {
    day += DAY;
    t = day + 8 * 3_600_000 + random.int(0, 120) * MINUTE;
  }
  const weekday = new Date(day).getUTCDay();
  if (weekday === 6 || weekday === 0) {
    const skip = weekday === 6 ? 2 : 1;
    t = day + skip * DAY + 8 * 3_600_000 + random.int(0, 300) * MINUTE;
  }
  return t;
}

/**
 * One journey's events, in seq order. `n` numbers the journey (its id comes from the seed and `n`); the
 * journey's own random stream comes from them too, so journeys can be made in any order or in parallel.
 */
export function syntheticJourney(options: SyntheticOptions, n: number): JourneyEvent[] {
  const random = new Random(Math.imul(options.seed ^ 0x9e3779b9, 2654435761) ^ n);
  const id = journeyId(options.seed, n);
  const builder = journeyEvents(id);
  const events: JourneyEvent[] = [];
  const { now } = options;

  let lead = random.weighted(PROVIDERS, providerWeights);
  const area = random.weighted(AREAS, areaWeights);
  const other = (not: string[]) => {
    let p = random.weighted(PROVIDERS, providerWeights);
    while (not.includes(p)) p = random.pick(PROVIDERS);
    return p;
  };
  const involved: string[] = [];
  const items: string[] = [];
  let t = workingTime(random, options.from + random.next() * (now - options.from - DAY));
  let ended = false;

  /** Adds an event at `at` unless that is after now (then the journey stops here, still open). */
  const add = <E extends JourneyEvent>(make: (time: string) => E, at: number, recordedAfterMs?: number): boolean => {
    if (ended || at >= now) {
      ended = true;
      return false;
    }
    t = at;
    const event = make(new Date(at).toISOString());
    event.recordedat = new Date(Math.min(now, at + (recordedAfterMs ?? random.int(1, 60) * 1000))).toISOString();
    events.push(event);
    return true;
  };
  const later = (meanDays: number) => workingTime(random, t + 5 * MINUTE + random.exp(meanDays * DAY));
  const contact = (providerId: string, at: number, failure?: (typeof FAILURE_REASONS)[number]) => {
    const channel = random.weighted(CONTACT_CHANNELS, [30, 15, 35, 8, 8, 2, 2]);
    const minutesSpent = random.int(5, channel === 'home-visit' ? 120 : 60);
    const reason = failure ?? (random.chance(0.33) ? random.weighted(FAILURE_REASONS, failureWeights) : undefined);
    return add(
      (time) =>
        builder.event(
          'contact-recorded',
          time,
          reason
            ? { providerId, channel, minutesSpent, demand: 'failure', failureReason: reason }
            : {
                providerId,
                channel,
                minutesSpent,
                demand: 'value',
                valueKind: random.chance(0.6) ? 'progress' : 'new-need',
              },
        ),
      at,
    );
  };
  const workers = () => [lead, ...involved];

  add(
    (time) => builder.event('opened', time, { leadProviderId: lead, areaCode: area, ageBand: random.pick(AGE_BANDS) }),
    t,
  );
  contact(lead, later(0.5), undefined);
  if (random.chance(0.75)) {
    const count = random.int(1, 3);
    for (let i = 0; i < count; i++) items.push(`wm-${i + 1}`);
    add(
      (time) =>
        builder.event('what-matters-recorded', time, {
          providerId: lead,
          items: items.map((itemId) => ({ itemId, domain: random.pick(WHAT_MATTERS_DOMAINS) })),
        }),
      later(3),
    );
  }
  const assess = () =>
    add(
      (time) =>
        builder.event('assessment-recorded', time, {
          providerId: random.pick(workers()),
          assessmentType: random.pick(ASSESSMENT_TYPES),
          minutesSpent: random.int(20, 120),
        }),
      later(4),
    );
  if (random.chance(0.9)) assess();
  let firstRating: number | undefined;
  if (random.chance(0.6)) {
    firstRating = random.int(1, 6);
    const rating = firstRating;
    add((time) => builder.event('progress-rated', time, { providerId: lead, rating }), later(2));
  }
  if (random.chance(0.15)) {
    const providerId = other([lead]);
    if (add((time) => builder.event('provider-involved', time, { providerId, byProviderId: lead }), later(3))) {
      involved.push(providerId);
      contact(providerId, later(2));
    }
  }
  if (random.chance(0.3)) assess();
  const contacts = random.int(1, 3);
  for (let i = 0; i < contacts; i++) contact(random.chance(0.8) ? lead : random.pick(workers()), later(6));
  if (random.chance(0.06)) {
    // Nothing happens for a while: the stall timer fires 28 days after the last activity.
    const lastActivityAt = new Date(t).toISOString();
    add((time) => builder.event('stalled', time, { lastActivityAt, stallDays: STALL_DAYS }), t + STALL_DAYS * DAY, 200);
    contact(lead, later(7), 'chasing-progress');
  }
  if (random.chance(0.22)) {
    const seq = events.length + 1;
    const handOff = { handOffId: `handoff-${seq}`, fromProviderId: lead, toProviderId: other([lead, ...involved]) };
    if (add((time) => builder.event('hand-off-requested', time, handOff), later(5))) {
      if (random.chance(0.75)) {
        if (add((time) => builder.event('hand-off-accepted', time, handOff), later(2))) lead = handOff.toProviderId;
      } else {
        const reason = random.pick(DECLINE_REASONS);
        add((time) => builder.event('hand-off-declined', time, { ...handOff, reason }), later(2));
      }
    }
  }
  if (items.length > 0 && random.chance(0.5)) {
    add(
      (time) =>
        builder.event('help-given', time, {
          providerId: random.pick(workers()),
          helpType: random.pick(HELP_TYPES),
          whatMattersItemIds: items.slice(0, random.int(1, items.length)),
          minutesSpent: random.int(15, 180),
        }),
      later(6),
    );
  }
  if (firstRating !== undefined && random.chance(0.8)) {
    const rating = Math.max(0, Math.min(10, firstRating + random.int(-1, 4)));
    add((time) => builder.event('progress-rated', time, { providerId: lead, rating }), later(8));
  }

  // Closure, follow-up, and at most one re-presentation.
  for (let round = 0; round < 2 && !ended; round++) {
    if (!random.chance(round === 0 ? 0.88 : 0.9)) break;
    const closedAt = later(10);
    if (random.chance(round === 0 ? 0.78 : 0.7)) {
      const followUpEndsAt = closedAt + FOLLOW_UP_DAYS * DAY;
      const closedIso = new Date(closedAt).toISOString();
      const closed = add(
        (time) =>
          builder.event('closed', time, {
            providerId: lead,
            outcome: 'resolved',
            followUpEndsAt: new Date(followUpEndsAt).toISOString(),
          }),
        closedAt,
      );
      if (!closed) break;
      if (round === 0 && random.chance(0.12)) {
        // The person comes back inside the window: reopened and the contact together, as the workflow records them.
        const at = workingTime(random, closedAt + random.int(3, FOLLOW_UP_DAYS - 5) * DAY);
        if (at >= Math.min(now, followUpEndsAt)) break;
        const recordedAfterMs = random.int(1, 60) * 1000;
        add(
          (time) => builder.event('reopened', time, { reason: 're-presentation', closedAt: closedIso }),
          at,
          recordedAfterMs,
        );
        const providerId = lead;
        add(
          (time) =>
            builder.event('contact-recorded', time, {
              providerId,
              channel: 'phone',
              minutesSpent: random.int(10, 45),
              demand: 'failure',
              failureReason: random.chance(0.6) ? 'not-solved' : 're-referral',
            }),
          at,
          recordedAfterMs,
        );
        if (random.chance(0.5)) assess();
        contact(lead, later(5));
        continue;
      }
      add(
        (time) => builder.event('resolution-sustained', time, { closedAt: closedIso, followUpDays: FOLLOW_UP_DAYS }),
        followUpEndsAt,
        200,
      );
    } else {
      const reason = random.weighted(UNRESOLVED_REASONS, [50, 15, 20, 15]);
      add((time) => builder.event('closed', time, { providerId: lead, outcome: 'unresolved', reason }), closedAt);
    }
    break;
  }
  return events;
}
