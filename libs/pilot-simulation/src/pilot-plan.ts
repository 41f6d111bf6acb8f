import { areaCode } from '@waymark/event-contracts';
import { DEFAULT_PILOT_EPOCH } from '@waymark/journey-domain';
import { DAY_MS, dayStart, workingMoment } from './calendar';
import { DESIGN_PARAMETERS, DesignName } from './designs';
import { JourneyBuilder, JourneyPlan } from './journey-builder';
import { drawPerson, runJourney } from './journey-model';
import { digestHex, Random } from './random';

/**
 * Bumped whenever the model or its parameters change what a seed produces: it is part of every Idempotency-Key, so
 * a changed model never sends a different request under a key an earlier model used (journey-api would refuse it as
 * a reused key); it simulates a new population instead.
 */
export const MODEL_VERSION = 1;

/** One design throughout, or assess-and-refer until `switchAt` and local-by-default from then on. */
export type DesignSchedule = { design: DesignName } | { switchAt: string };

export interface PilotOptions {
  /** Any text; the same seed gives the same people and journeys. */
  seed: string;
  people: number;
  /** The first and last day simulated (YYYY-MM-DD, UTC, both included): nothing is dated after the last. */
  from: string;
  to: string;
  schedule: DesignSchedule;
  /** The localities people live in (area codes). */
  areas: readonly string[];
}

export interface PilotPlan {
  options: PilotOptions;
  /** Names this simulation: its parameters (not its size), in every Idempotency-Key and person reference. */
  id: string;
  /** Where the period ends (midnight after `to`, UTC), in milliseconds since the epoch. */
  end: number;
  /** In the order they open. */
  journeys: JourneyPlan[];
}

/** Bad options: the message says which and why. */
export class PilotOptionsError extends Error {
  override name = 'PilotOptionsError';
}

export const designOn = (schedule: DesignSchedule, at: number): DesignName =>
  'design' in schedule ? schedule.design : at < dayStart(schedule.switchAt) ? 'assess-and-refer' : 'local-by-default';

/**
 * Every person's journey, from the seed alone. Each person draws from streams of their own (who they are and when
 * they first ask; what then happens), so person n is the same whatever the size, and a bigger run only adds people;
 * under either design the same people ask at the same moments, and only what the services do differs.
 */
export function planPilot(options: PilotOptions): PilotPlan {
  const { start, end } = checkOptions(options);
  const id = digestHex(
    JSON.stringify([MODEL_VERSION, options.seed, options.from, options.to, options.schedule, options.areas]),
  ).slice(0, 16);
  const journeys = Array.from({ length: options.people }, (_, person): JourneyPlan => {
    const who = Random.of(options.seed, 'person', person);
    const openedAt = openingMoment(who, start, end);
    const p = drawPerson(who, options.areas);
    const design = designOn(options.schedule, openedAt);
    const keyPrefix = `pilot-${id}-${person}`;
    const what = Random.of(options.seed, 'journey', person, design);
    const b = new JourneyBuilder(what, { keyPrefix, end, openedAt, lead: p.frontDoor.id });
    runJourney(p, DESIGN_PARAMETERS[design], what, b);
    return {
      person,
      design,
      lead: p.frontDoor.id,
      key: `${keyPrefix}-0`,
      open: {
        personRef: `pilot-${id.slice(0, 8)}-${person}`,
        areaCode: p.area,
        ageBand: p.ageBand,
        occurredAt: new Date(openedAt).toISOString(),
      },
      commands: b.commands,
      closures: b.closures,
    };
  });
  journeys.sort((a, b) => Date.parse(a.open.occurredAt) - Date.parse(b.open.occurredAt) || a.person - b.person);
  return { options, id, end, journeys };
}

/** A working moment on a weekday of the period, uniformly. */
function openingMoment(rng: Random, start: number, end: number): number {
  const days = Math.round((end - start) / DAY_MS);
  for (;;) {
    const at = workingMoment(start + rng.int([0, days - 1]) * DAY_MS, rng);
    if (at < end) return at; // a weekend day at the very end would move past it
  }
}

function checkOptions(options: PilotOptions): { start: number; end: number } {
  const date = (name: string, value: string) => {
    try {
      return dayStart(value);
    } catch {
      throw new PilotOptionsError(`${name} must be a date (YYYY-MM-DD), not "${value}"`);
    }
  };
  const start = date('from', options.from);
  const end = date('to', options.to) + DAY_MS;
  if (start >= end) throw new PilotOptionsError('from must not be after to');
  if (start < Date.parse(DEFAULT_PILOT_EPOCH)) {
    throw new PilotOptionsError(`from must not be before the pilot epoch (${DEFAULT_PILOT_EPOCH.slice(0, 10)})`);
  }
  if (end - start < 7 * DAY_MS) throw new PilotOptionsError('the period must be at least a week');
  if ('switchAt' in options.schedule) {
    const at = date('switch-at', options.schedule.switchAt);
    if (at <= start || at >= end) throw new PilotOptionsError('switch-at must be after from and not after to');
  }
  if (!Number.isInteger(options.people) || options.people < 1) {
    throw new PilotOptionsError('people must be a whole number, 1 or more');
  }
  if (options.areas.length === 0) throw new PilotOptionsError('there must be at least one area');
  const badArea = options.areas.find((a) => !areaCode.safeParse(a).success);
  if (badArea !== undefined) {
    throw new PilotOptionsError(`area "${badArea}" must be 1–16 upper-case letters, digits or hyphens`);
  }
  return { start, end };
}
