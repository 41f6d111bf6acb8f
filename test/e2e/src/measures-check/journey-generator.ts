import {
  AGE_BANDS,
  ASSESSMENT_TYPES,
  CONTACT_CHANNELS,
  DECLINE_REASONS,
  FAILURE_REASONS,
  HELP_TYPES,
  UNRESOLVED_REASONS,
  VALUE_KINDS,
  WHAT_MATTERS_DOMAINS,
} from '@waymark/event-contracts';
import type { CommandType } from '@waymark/journey-domain';
import fc from 'fast-check';

/**
 * Random but valid journeys for the providers' API, as fast-check arbitraries.
 *
 * fast-check draws plain random choices ({@link JourneySeed}); {@link planJourney} turns them into commands by
 * following the domain rules (libs/journey-domain/src/rules) on a small model of the journey, dropping any choice
 * the rules would refuse at that point. So every plan is a sequence the journey API accepts, in order:
 * - who may act: work and contacts by the lead or an involved provider; involvements, hand-off requests and closure
 *   by the lead only; an answer to a hand-off by the provider it is addressed to; an accepted hand-off makes the
 *   recipient the lead, and the old lead takes no further part;
 * - occurredAt is never in the future, never before opening, and never runs backwards within a journey;
 * - a closed journey takes nothing but a contact inside the follow-up window after a resolved closure, which reopens
 *   it (a re-presentation); an unresolved closure ends it;
 * - timers run from occurredAt: a resolved closure more than `followUpDays` ago is sustained at once, but only
 *   provisionally: a contact dated inside its window, recorded afterwards (a late record, as when a pilot loads its
 *   history), still reopens it. Closures are kept out of a band of a few days around that boundary, so no follow-up
 *   window ends while the check is running, and each plan says what the follow-up of every closure will be.
 *
 * Hand-off ids are named by the seq of the request, which timers (stalls) shift, so a plan's answer to a hand-off
 * leaves `handOffId` to whoever runs it: the id the request's answer gave.
 */

/** What one run of the check works with. */
export interface GeneratorContext {
  /** Milliseconds since the epoch; nothing is planned later than ten minutes before it. */
  now: number;
  /** The run's own providers; the first three lead journeys, the others join through involvement or hand-offs. */
  providers: readonly string[];
  /** The run's own area: every journey is opened in it. */
  area: string;
  /** Prefix for person references. */
  personPrefix: string;
  /** The journey API's settings (defaults 28 and 90). */
  stallDays?: number;
  followUpDays?: number;
}

/** `POST /v1/journeys/{journeyId}/{route}` for each command (apps/journey-api/src/journeys/command-routes.ts). */
export const COMMAND_ROUTE: Record<CommandType, string> = {
  'record-contact': 'contacts',
  'record-what-matters': 'what-matters',
  'record-assessment': 'assessments',
  'give-help': 'help',
  'rate-progress': 'progress-ratings',
  'involve-provider': 'involvements',
  'request-hand-off': 'hand-offs',
  'accept-hand-off': 'hand-off-acceptances',
  'decline-hand-off': 'hand-off-declines',
  'close-journey': 'closures',
};

export interface PlannedCommand {
  type: CommandType;
  /** The provider that sends it. */
  actor: string;
  route: string;
  /** The request body; an answer to a hand-off still needs `handOffId` (see {@link PlannedCommand.answersHandOff}). */
  body: Record<string, unknown>;
  /** True for accept/decline: fill in the handOffId the pending request's answer gave. */
  answersHandOff: boolean;
  /** Event types the command produces, in order (a re-presentation: reopened, then the contact). */
  produces: string[];
}

export type FollowUp = 'sustained' | 'reopened' | 'pending' | 'not-applicable';

export interface JourneyPlan {
  lead: string;
  open: { personRef: string; areaCode: string; ageBand: string; occurredAt: string };
  commands: PlannedCommand[];
  /** Each closure's follow-up as the run will find it. */
  closures: { outcome: 'resolved' | 'unresolved'; occurredAt: string; followUp: FollowUp }[];
  /**
   * Every event the journey will have published once its timers have settled, in seq order, leaving out stalls
   * (how many stalls there are depends on when the workflow's timer loop runs relative to the commands).
   */
  expectedEventTypes: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Random choices.

type StepKind = 'contact' | 'what-matters' | 'assessment' | 'help' | 'progress' | 'involve' | 'hand-off' | 'answer';

export interface StepSeed {
  kind: StepKind;
  gapMinutes: number;
  /** Which of the eligible providers acts, or is involved / handed to. */
  actorPick: number;
  targetPick: number;
  minutesSpent: number;
  failureReason: (typeof FAILURE_REASONS)[number] | null;
  valueKind: (typeof VALUE_KINDS)[number];
  channel: (typeof CONTACT_CHANNELS)[number];
  domains: (typeof WHAT_MATTERS_DOMAINS)[number][];
  itemPick: number;
  overallRating: boolean;
  rating: number;
  accept: boolean;
  declineReason: (typeof DECLINE_REASONS)[number];
  assessmentType: (typeof ASSESSMENT_TYPES)[number];
  helpType: (typeof HELP_TYPES)[number];
}

export interface EpisodeSeed {
  steps: StepSeed[];
  ending: 'stay-open' | 'resolved' | 'unresolved';
  closeGapMinutes: number;
  unresolvedReason: (typeof UNRESOLVED_REASONS)[number];
  /** After a resolved closure still in its window: minutes until the person comes back (the next episode's contact). */
  returnGapMinutes: number;
  returnContact: StepSeed;
}

export interface JourneySeed {
  leadPick: number;
  /**
   * Every gap a whole number of 36-minute steps (0.025 days), so every duration from opening is too, and half of them
   * end in a 5 right after the second decimal: rounding ties, where rounding is easiest to get wrong.
   */
  onGrid: boolean;
  /** How long before `now` the journey opened, in minutes. */
  openedMinutesAgo: number;
  ageBand: (typeof AGE_BANDS)[number];
  episodes: EpisodeSeed[];
}

const DAY_MIN = 24 * 60;

/**
 * Time between records: often the same moment or within the day, sometimes weeks (so journeys stall), sometimes a
 * multiple of 36 minutes (0.025 days: end-to-end days that end in a 5 at the third decimal, where rounding is tested).
 */
const gapMinutes = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 600 }) },
  { weight: 4, arbitrary: fc.integer({ min: 600, max: 10 * DAY_MIN }) },
  { weight: 1, arbitrary: fc.integer({ min: 10 * DAY_MIN, max: 45 * DAY_MIN }) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 400 }).map((k) => 36 * k) },
);

const stepSeed: fc.Arbitrary<StepSeed> = fc.record({
  kind: fc.oneof(
    { weight: 6, arbitrary: fc.constant<StepKind>('contact') },
    { weight: 2, arbitrary: fc.constant<StepKind>('what-matters') },
    { weight: 2, arbitrary: fc.constant<StepKind>('assessment') },
    { weight: 2, arbitrary: fc.constant<StepKind>('help') },
    { weight: 3, arbitrary: fc.constant<StepKind>('progress') },
    { weight: 1, arbitrary: fc.constant<StepKind>('involve') },
    { weight: 1, arbitrary: fc.constant<StepKind>('hand-off') },
    { weight: 2, arbitrary: fc.constant<StepKind>('answer') },
  ),
  gapMinutes,
  actorPick: fc.nat({ max: 99 }),
  targetPick: fc.nat({ max: 99 }),
  minutesSpent: fc.oneof(
    { weight: 1, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 120 }) },
    { weight: 1, arbitrary: fc.integer({ min: 121, max: 1440 }) },
  ),
  failureReason: fc.option(fc.constantFrom(...FAILURE_REASONS), { freq: 2 }),
  valueKind: fc.constantFrom(...VALUE_KINDS),
  channel: fc.constantFrom(...CONTACT_CHANNELS),
  domains: fc.uniqueArray(fc.constantFrom(...WHAT_MATTERS_DOMAINS), { minLength: 1, maxLength: 3 }),
  itemPick: fc.nat({ max: 99 }),
  overallRating: fc.boolean(),
  rating: fc.integer({ min: 0, max: 10 }),
  accept: fc.boolean(),
  declineReason: fc.constantFrom(...DECLINE_REASONS),
  assessmentType: fc.constantFrom(...ASSESSMENT_TYPES),
  helpType: fc.constantFrom(...HELP_TYPES),
});

const episodeSeed: fc.Arbitrary<EpisodeSeed> = fc.record({
  steps: fc.array(stepSeed, { minLength: 1, maxLength: 12 }),
  ending: fc.oneof(
    { weight: 3, arbitrary: fc.constant<'resolved'>('resolved') },
    { weight: 1, arbitrary: fc.constant<'unresolved'>('unresolved') },
    { weight: 1, arbitrary: fc.constant<'stay-open'>('stay-open') },
  ),
  closeGapMinutes: gapMinutes,
  unresolvedReason: fc.constantFrom(...UNRESOLVED_REASONS),
  returnGapMinutes: fc.integer({ min: 0, max: 60 * DAY_MIN }),
  returnContact: stepSeed,
});

/**
 * A year of history: journeys over the last twelve months; half of them open in a five-week stretch around five to
 * six months ago, so
 * that weeks there hold several sustained closures (points on the weekly XmR chart), and about a third of the rest
 * are recent enough for follow-ups still pending and re-presentations.
 */
export const journeySeed: fc.Arbitrary<JourneySeed> = fc.record({
  leadPick: fc.nat({ max: 99 }),
  onGrid: fc.boolean(),
  openedMinutesAgo: fc.oneof(
    fc.integer({ min: 1 * DAY_MIN, max: 365 * DAY_MIN }),
    fc.integer({ min: 150 * DAY_MIN, max: 185 * DAY_MIN }),
  ),
  ageBand: fc.constantFrom(...AGE_BANDS),
  episodes: fc.array(episodeSeed, { minLength: 1, maxLength: 3 }),
});

/**
 * Journeys for the XmR charts: opened 130 to 165 days ago, a record or two a few days apart, resolved within three
 * weeks and sustained long since, so that weeks and months in that stretch hold enough sustained closures for points
 * with limits (a point stands for five closures or more; the sample above seldom gives more than one or two).
 */
export const chartJourneySeed: fc.Arbitrary<JourneySeed> = fc.record({
  leadPick: fc.nat({ max: 99 }),
  onGrid: fc.boolean(),
  openedMinutesAgo: fc.integer({ min: 130 * DAY_MIN, max: 165 * DAY_MIN }),
  ageBand: fc.constantFrom(...AGE_BANDS),
  episodes: fc
    .record({
      steps: fc.array(
        stepSeed.map((s) => ({ ...s, gapMinutes: s.gapMinutes % (7 * DAY_MIN) })),
        { maxLength: 2 },
      ),
      closeGapMinutes: fc.integer({ min: 0, max: 21 * DAY_MIN }),
      episode: episodeSeed,
    })
    .map(({ steps, closeGapMinutes, episode }) => [
      { ...episode, steps, closeGapMinutes, ending: 'resolved' as const },
    ]),
});

/** `count` journeys' plans for one run. */
export function journeyPlans(
  ctx: GeneratorContext,
  count: { min: number; max: number },
  seeds: fc.Arbitrary<JourneySeed> = journeySeed,
  firstIndex = 0,
): fc.Arbitrary<JourneyPlan[]> {
  return fc
    .array(seeds, { minLength: count.min, maxLength: count.max })
    .map((list) => list.map((seed, i) => planJourney(ctx, seed, firstIndex + i)));
}

// ---------------------------------------------------------------------------------------------------------------
// From choices to commands, by the rules.

const MINUTE_MS = 60_000;
/** 0.025 days. */
const GRID_MINUTES = 36;
const DAY_MS = DAY_MIN * MINUTE_MS;
/** How far closures are kept from the moment their follow-up window ends (sustains) at, either side. */
export const FOLLOW_UP_MARGIN_DAYS = 3;

const EVENT = {
  contact: 'waymark.journey.contact-recorded.v1',
  whatMatters: 'waymark.journey.what-matters-recorded.v1',
  assessment: 'waymark.journey.assessment-recorded.v1',
  help: 'waymark.journey.help-given.v1',
  progress: 'waymark.journey.progress-rated.v1',
  involved: 'waymark.journey.provider-involved.v1',
  handOffRequested: 'waymark.journey.hand-off-requested.v1',
  handOffAccepted: 'waymark.journey.hand-off-accepted.v1',
  handOffDeclined: 'waymark.journey.hand-off-declined.v1',
  closed: 'waymark.journey.closed.v1',
  reopened: 'waymark.journey.reopened.v1',
  sustained: 'waymark.journey.resolution-sustained.v1',
  opened: 'waymark.journey.opened.v1',
};

/** Turns one journey's random choices into the commands that carry them out. */
export function planJourney(ctx: GeneratorContext, seed: JourneySeed, index: number): JourneyPlan {
  const followUpDays = ctx.followUpDays ?? 90;
  const leads = ctx.providers.slice(0, Math.min(3, ctx.providers.length));
  const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

  // Whole minutes, so end-to-end durations are whole minutes (and 36-minute multiples hit rounding ties).
  const latest = Math.floor((ctx.now - 10 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS;
  const openedAt = latest - seed.openedMinutesAgo * MINUTE_MS;
  let t = openedAt;
  const advance = (minutes: number) => {
    const step = seed.onGrid ? Math.ceil(minutes / GRID_MINUTES) * GRID_MINUTES : minutes;
    t = Math.min(t + step * MINUTE_MS, latest);
    return new Date(t).toISOString();
  };

  let lead = pick(leads, seed.leadPick);
  let involved: string[] = [];
  let pendingTo: string | undefined;
  const items: string[] = [];
  const commands: PlannedCommand[] = [];
  const closures: JourneyPlan['closures'] = [];
  const expected: string[] = [EVENT.opened];

  const add = (
    type: CommandType,
    actor: string,
    body: Record<string, unknown>,
    produces: string[],
    answersHandOff = false,
  ) => {
    commands.push({ type, actor, route: COMMAND_ROUTE[type], body, answersHandOff, produces });
    expected.push(...produces);
  };
  const contactBody = (s: StepSeed, occurredAt: string) => ({
    occurredAt,
    channel: s.channel,
    minutesSpent: s.minutesSpent,
    ...(s.failureReason
      ? { demand: 'failure', failureReason: s.failureReason }
      : { demand: 'value', valueKind: s.valueKind }),
  });

  const step = (s: StepSeed) => {
    const workers = [lead, ...involved];
    const actor = pick(workers, s.actorPick);
    switch (s.kind) {
      case 'contact':
        return add('record-contact', actor, contactBody(s, advance(s.gapMinutes)), [EVENT.contact]);
      case 'what-matters': {
        const newItems = s.domains.map((domain) => {
          items.push(`wm-${items.length + 1}`);
          return { itemId: items[items.length - 1], domain };
        });
        return add('record-what-matters', actor, { occurredAt: advance(s.gapMinutes), items: newItems }, [
          EVENT.whatMatters,
        ]);
      }
      case 'assessment':
        return add(
          'record-assessment',
          actor,
          { occurredAt: advance(s.gapMinutes), assessmentType: s.assessmentType, minutesSpent: s.minutesSpent },
          [EVENT.assessment],
        );
      case 'help': {
        if (items.length === 0) return;
        const first = pick(items, s.itemPick);
        const ids = s.domains.length > 1 ? [first, pick(items, s.itemPick + 1)] : [first];
        return add(
          'give-help',
          actor,
          {
            occurredAt: advance(s.gapMinutes),
            helpType: s.helpType,
            whatMattersItemIds: [...new Set(ids)],
            minutesSpent: s.minutesSpent,
          },
          [EVENT.help],
        );
      }
      case 'progress': {
        const item = s.overallRating || items.length === 0 ? undefined : pick(items, s.itemPick);
        return add(
          'rate-progress',
          actor,
          { occurredAt: advance(s.gapMinutes), rating: s.rating, ...(item ? { whatMattersItemId: item } : {}) },
          [EVENT.progress],
        );
      }
      case 'involve': {
        const candidates = ctx.providers.filter((p) => p !== lead && !involved.includes(p));
        if (candidates.length === 0) return;
        const providerId = pick(candidates, s.targetPick);
        involved = [...involved, providerId];
        return add('involve-provider', lead, { occurredAt: advance(s.gapMinutes), providerId }, [EVENT.involved]);
      }
      case 'hand-off': {
        if (pendingTo) return;
        const toProviderId = pick(
          ctx.providers.filter((p) => p !== lead),
          s.targetPick,
        );
        pendingTo = toProviderId;
        return add('request-hand-off', lead, { occurredAt: advance(s.gapMinutes), toProviderId }, [
          EVENT.handOffRequested,
        ]);
      }
      case 'answer': {
        if (!pendingTo) return;
        const recipient = pendingTo;
        pendingTo = undefined;
        const occurredAt = advance(s.gapMinutes);
        if (!s.accept) {
          return add(
            'decline-hand-off',
            recipient,
            { occurredAt, reason: s.declineReason },
            [EVENT.handOffDeclined],
            true,
          );
        }
        lead = recipient;
        involved = involved.filter((p) => p !== recipient);
        return add('accept-hand-off', recipient, { occurredAt }, [EVENT.handOffAccepted], true);
      }
    }
    return undefined;
  };

  for (const [i, episode] of seed.episodes.entries()) {
    if (i > 0) {
      // The person comes back inside the window of the last resolved closure: a re-presentation, recorded late if
      // the window has passed (its closure was sustained at once, provisionally).
      const back = episode.returnContact;
      const occurredAt = advance(Math.min(episode.returnGapMinutes, (followUpDays - 1) * DAY_MIN));
      add('record-contact', pick([lead, ...involved], back.actorPick), contactBody(back, occurredAt), [
        EVENT.reopened,
        EVENT.contact,
      ]);
      const last = closures[closures.length - 1];
      if (last) last.followUp = 'reopened';
    }
    for (const s of episode.steps) step(s);
    if (episode.ending === 'stay-open') break;

    advance(episode.closeGapMinutes);
    // Keep the closure clear of the moment its window would end during the run: either settled well before now,
    // or still pending well after.
    const sustainsAt = t + followUpDays * DAY_MS;
    if (Math.abs(sustainsAt - ctx.now) < FOLLOW_UP_MARGIN_DAYS * DAY_MS) {
      t = Math.min(ctx.now - (followUpDays - FOLLOW_UP_MARGIN_DAYS) * DAY_MS, latest);
      t = Math.floor(t / MINUTE_MS) * MINUTE_MS;
    }
    const occurredAt = new Date(t).toISOString();
    pendingTo = undefined; // a closure withdraws any hand-off still awaiting its answer
    if (episode.ending === 'unresolved') {
      add('close-journey', lead, { occurredAt, outcome: 'unresolved', reason: episode.unresolvedReason }, [
        EVENT.closed,
      ]);
      closures.push({ outcome: 'unresolved', occurredAt, followUp: 'not-applicable' });
      break;
    }
    add('close-journey', lead, { occurredAt, outcome: 'resolved', personConfirmed: true }, [EVENT.closed]);
    const sustainedAtOnce = t + followUpDays * DAY_MS < ctx.now;
    closures.push({ outcome: 'resolved', occurredAt, followUp: sustainedAtOnce ? 'sustained' : 'pending' });
    if (sustainedAtOnce) expected.push(EVENT.sustained);
  }

  return {
    lead: pick(leads, seed.leadPick),
    open: {
      personRef: `${ctx.personPrefix}-${index + 1}`,
      areaCode: ctx.area,
      ageBand: seed.ageBand,
      occurredAt: new Date(openedAt).toISOString(),
    },
    commands,
    closures,
    expectedEventTypes: expected,
  };
}
