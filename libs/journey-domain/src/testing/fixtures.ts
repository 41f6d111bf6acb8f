/**
 * Test builders for journey-domain specs. Journeys are built the way the
 * workflow builds them: opened, then driven by real commands through `handle`
 * and by timers through `nextDeadline` + `deadlinePassed`. Every event any
 * builder produces is checked against the event contract, and every state is
 * deep-frozen so a rule that mutated its input would throw.
 *
 * No Jest globals here: this file is compiled with the library.
 */
import { JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import { COMMAND_BODIES, CommandBody, CommandOf, CommandType, OpenJourneyCommand } from '../commands';
import { evolve, initialState, stamp } from '../evolve';
import { handle, Outcome } from '../handle';
import { Context } from '../rules/context';
import { openJourney } from '../rules/open';
import { Deadline, deadlinePassed, nextDeadline } from '../rules/timers';
import { DEFAULT_SETTINGS, JourneySettings, JourneyState } from '../state';

export const JOURNEY_ID = '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f';

/** The providers the specs use, one per role they play. */
export const LEAD = 'council-housing';
export const INVOLVED = 'money-advice';
export const RECIPIENT = 'mind-local';
export const STRANGER = 'food-bank';
/** A provider nobody has mentioned yet: the target of involve-provider in the table. */
export const NEWCOMER = 'legal-aid';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const OPENED_AT = '2026-03-02T09:00:00.000Z';
/** Workflow time for every command unless a spec says otherwise: well after every fixture date. */
export const NOW = new Date('2026-12-01T12:00:00.000Z');

/** `OPENED_AT` plus whole days and hours, as an ISO instant. */
export function day(days: number, hours = 0): string {
  return new Date(Date.parse(OPENED_AT) + days * DAY_MS + hours * 60 * 60 * 1000).toISOString();
}

export const PERSON_REF = 'case-1042';
export const WHAT_MATTERS_TEXT = 'Wants to stay near her sister in Ashby';
export const HELP_DESCRIPTION = 'Rang the landlord with Mrs Example about the damp';

/** The hand-off the `pendingHandOff` fixture requests: named after the seq of its request event. */
export const PENDING_HAND_OFF_ID = 'handoff-5';

export function assertValidEvents(events: readonly JourneyEvent[]): void {
  for (const event of events) {
    const result = validateJourneyEvent(event);
    if (!result.ok) throw new Error(`event ${event.type} (seq ${event.seq}) breaks its contract: ${result.reason}`);
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

type Overrides<T extends CommandType> = Partial<CommandBody<T>> & Record<string, unknown>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const DEFAULT_BODIES: { [T in CommandType]: DistributiveOmit<CommandBody<T>, 'occurredAt'> } = {
  'record-contact': { demand: 'value', valueKind: 'new-need', channel: 'phone', minutesSpent: 20 },
  'record-what-matters': { items: [{ itemId: 'wm-2', domain: 'money' }] },
  'record-assessment': { assessmentType: 'needs', minutesSpent: 45 },
  'give-help': { helpType: 'advice', whatMattersItemIds: ['wm-1'], minutesSpent: 30 },
  'request-hand-off': { toProviderId: RECIPIENT },
  'accept-hand-off': { handOffId: PENDING_HAND_OFF_ID },
  'decline-hand-off': { handOffId: PENDING_HAND_OFF_ID, reason: 'no-capacity' },
  'involve-provider': { providerId: NEWCOMER },
  'rate-progress': { rating: 6 },
  'close-journey': { outcome: 'resolved', personConfirmed: true },
};

/** Keys of union bodies that belong to one variant: overriding any of them drops the default variant. */
const VARIANT_KEYS: Partial<Record<CommandType, string[]>> = {
  'record-contact': ['demand', 'valueKind', 'failureReason'],
  'close-journey': ['outcome', 'personConfirmed', 'reason'],
};

/**
 * A command of the given type, valid against its body schema (as the API
 * would have checked it), with defaults for everything not overridden.
 */
export function command<T extends CommandType>(
  type: T,
  occurredAt: string,
  overrides: Overrides<T> = {},
): CommandOf<T> {
  const defaults: Record<string, unknown> = { ...DEFAULT_BODIES[type] };
  const variantKeys = VARIANT_KEYS[type] ?? [];
  if (variantKeys.some((key) => key in overrides)) for (const key of variantKeys) delete defaults[key];
  const body = COMMAND_BODIES[type].parse({ ...defaults, occurredAt, ...overrides });
  return { type, ...body } as unknown as CommandOf<T>;
}

export function context(actor: string, settings: JourneySettings = DEFAULT_SETTINGS, now: Date = NOW): Context {
  return { actor, now, settings };
}

export interface OpenOptions {
  journeyId?: string;
  leadProviderId?: string;
  occurredAt?: string;
  settings?: JourneySettings;
  now?: Date;
}

/** A journey under test: its state, every event so far, and the settings its timers use. */
export class Journey {
  private constructor(
    readonly state: JourneyState,
    readonly events: readonly JourneyEvent[],
    readonly settings: JourneySettings,
  ) {
    deepFreeze(this.state);
    deepFreeze(this.events);
  }

  static open(options: OpenOptions = {}): Journey {
    const settings = options.settings ?? DEFAULT_SETTINGS;
    const open: OpenJourneyCommand = {
      personRef: PERSON_REF,
      areaCode: 'E05000001',
      ageBand: '25-34',
      occurredAt: options.occurredAt ?? OPENED_AT,
      leadProviderId: options.leadProviderId ?? LEAD,
    };
    const decision = openJourney(open, options.now ?? NOW);
    if (!decision.ok) throw new Error(`opening refused: ${decision.rejection.rule}`);
    const state = initialState(options.journeyId ?? JOURNEY_ID, open);
    const events = stamp(state, decision.events, options.now ?? NOW);
    assertValidEvents(events);
    return new Journey(evolve(state, events), events, settings);
  }

  /** Runs a command through `handle`; events of an accepted one are checked against the contract. */
  try(actor: string, cmd: CommandOf<CommandType>, now: Date = NOW): Outcome {
    const outcome = handle(this.state, cmd, context(actor, this.settings, now));
    if (outcome.ok) assertValidEvents(outcome.events);
    return outcome;
  }

  /** Runs a command that must be accepted. */
  do(actor: string, cmd: CommandOf<CommandType>, now: Date = NOW): Journey {
    const outcome = this.try(actor, cmd, now);
    if (!outcome.ok) {
      throw new Error(`${cmd.type} by ${actor} refused: ${outcome.rejection.rule} (${outcome.rejection.message})`);
    }
    return new Journey(outcome.state, [...this.events, ...outcome.events], this.settings);
  }

  get deadline(): Deadline | undefined {
    return nextDeadline(this.state, this.settings);
  }

  /** The next timer fires at its deadline, as the workflow would run it. */
  timerFires(): Journey {
    const deadline = this.deadline;
    if (!deadline) throw new Error(`no timer is due in status ${this.state.status}`);
    const decision = deadlinePassed(this.state, deadline, this.settings);
    if (!decision.ok) throw new Error(`timer refused: ${decision.rejection.rule}`);
    const events = stamp(this.state, decision.events, new Date(deadline.at));
    assertValidEvents(events);
    return new Journey(evolve(this.state, events), [...this.events, ...events], this.settings);
  }

  /** Events from the given seq on (1-based), e.g. what the last step produced. */
  eventsSince(seq: number): readonly JourneyEvent[] {
    return this.events.filter((e) => e.seq >= seq);
  }
}

/**
 * The journeys in every state the rules distinguish, built by real commands.
 * Timeline (days after OPENED_AT): activity on days 1–3, closure on day 10,
 * stall on day 31, re-presentation on day 12, sustained on day 100. The command
 * table acts on day 40: after the stall, inside the follow-up window.
 */
export const build = {
  open: (options: OpenOptions = {}) => Journey.open(options),

  /** A contact and a what-matters conversation (item `wm-1`, with a private note). */
  active: (options: OpenOptions = {}) =>
    Journey.open(options)
      .do(LEAD, command('record-contact', day(1)))
      .do(
        LEAD,
        command('record-what-matters', day(1, 1), {
          items: [{ itemId: 'wm-1', domain: 'housing', text: WHAT_MATTERS_TEXT }],
        }),
      ),

  /** Active, with `money-advice` involved alongside the lead. */
  involved: (options: OpenOptions = {}) =>
    build.active(options).do(LEAD, command('involve-provider', day(2), { providerId: INVOLVED })),

  /** Involved, and a hand-off to `mind-local` awaiting its answer (`handoff-5`). */
  pendingHandOff: (options: OpenOptions = {}) =>
    build.involved(options).do(LEAD, command('request-hand-off', day(3), { toProviderId: RECIPIENT })),

  /** The pending-hand-off journey after its stall timer fired (day 3 + 28 days). */
  stalled: (options: OpenOptions = {}) => build.pendingHandOff(options).timerFires(),

  /** Involved, then closed resolved on day 10 by the lead. */
  closedResolved: (options: OpenOptions = {}) => build.involved(options).do(LEAD, command('close-journey', day(10))),

  /** Involved, then closed unresolved on day 10 by the lead. */
  closedUnresolved: (options: OpenOptions = {}) =>
    build
      .involved(options)
      .do(LEAD, command('close-journey', day(10), { outcome: 'unresolved', reason: 'disengaged' })),

  /**
   * Closed resolved, and the follow-up window passed quietly: sustained, but provisionally, as the closure was
   * recorded at NOW and late records for its window are accepted until NOW + lateRecordDays.
   */
  sustained: (options: OpenOptions = {}) => build.closedResolved(options).timerFires(),

  /** Sustained for good: closed on day 10 and recorded then, so its late-record allowance ended on day 130. */
  sustainedFinal: (options: OpenOptions = {}) =>
    build
      .involved(options)
      .do(LEAD, command('close-journey', day(10)), new Date(day(10)))
      .timerFires(),

  /** Closed resolved, then the person came back on day 12 (a re-presentation). */
  reopened: (options: OpenOptions = {}) =>
    build
      .closedResolved(options)
      .do(LEAD, command('record-contact', day(12), { demand: 'failure', failureReason: 'not-solved' })),
};

export type StateName = keyof typeof build;
export const STATE_NAMES = Object.keys(build) as StateName[];
