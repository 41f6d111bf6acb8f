import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyFacts } from './journey-facts';
import { unplaceableDate } from './placeable-dates';
import { projectEvent } from './project-event';
import {
  CLOSURE_COUNTS,
  type ActivityDelta,
  type ClosureCountsDelta,
  type ClosureRow,
  type SustainedMinutesDelta,
  type ValueDelta,
} from './rows';

export interface BatchProjection {
  /** Facts of every journey the batch changed, to be saved. */
  facts: JourneyFacts[];
  /** Summed per key, so each key is written once per batch. */
  activity: ActivityDelta[];
  /** The latest version of each closure the batch touched. */
  closures: ClosureRow[];
  /** Summed per day, provider and area. */
  closureCounts: ClosureCountsDelta[];
  /** Summed per key; a value that joined and left within the batch is gone. */
  values: ValueDelta[];
  sustainedMinutes: SustainedMinutesDelta[];
  applied: JourneyEvent[];
  duplicates: number;
  unplaceable: { event: JourneyEvent; reason: string }[];
}

/**
 * Projects a batch in order, carrying each journey's facts from one event to the next, and folds the effects
 * into as few rows as possible: a batch of thousands of events becomes a handful of set-based writes.
 */
export function projectBatch(
  events: readonly JourneyEvent[],
  known: ReadonlyMap<string, JourneyFacts>,
  timeZone: string,
): BatchProjection {
  const facts = new Map(known);
  const changed = new Set<string>();
  const activity = new Map<string, ActivityDelta>();
  const closures = new Map<string, ClosureRow>();
  const closureCounts = new Map<string, ClosureCountsDelta>();
  const values = new Map<string, ValueDelta>();
  const sustained = new Map<string, SustainedMinutesDelta>();
  const result: BatchProjection = {
    facts: [],
    activity: [],
    closures: [],
    closureCounts: [],
    values: [],
    sustainedMinutes: [],
    applied: [],
    duplicates: 0,
    unplaceable: [],
  };

  for (const event of events) {
    const outOfRange = unplaceableDate(event);
    if (outOfRange) {
      result.unplaceable.push({ event, reason: outOfRange });
      continue;
    }
    const projected = projectEvent(facts.get(event.subject), event, timeZone);
    if (projected.kind === 'duplicate') {
      result.duplicates++;
      continue;
    }
    if (projected.kind === 'unplaceable') {
      result.unplaceable.push({ event, reason: projected.reason });
      continue;
    }
    facts.set(event.subject, projected.facts);
    changed.add(event.subject);
    result.applied.push(event);
    for (const d of projected.effects.activity) {
      sum(activity, [d.day, d.providerId, d.areaCode, d.metric].join('|'), d, ['count', 'minutes']);
    }
    for (const c of projected.effects.closures) closures.set(`${c.journeyId}|${c.seq}`, c);
    for (const d of projected.effects.closureCounts) {
      sum(closureCounts, [d.day, d.providerId, d.areaCode].join('|'), d, CLOSURE_COUNTS);
    }
    for (const d of projected.effects.values) {
      sum(values, [d.day, d.providerId, d.areaCode, d.measure, d.value].join('|'), d, ['count']);
    }
    for (const d of projected.effects.sustainedMinutes) {
      sum(sustained, [d.day, d.providerId, d.areaCode, d.workerProviderId].join('|'), d, ['minutes']);
    }
  }

  result.facts = [...changed].map((id) => facts.get(id) as JourneyFacts);
  result.activity = [...activity.values()];
  result.closures = [...closures.values()];
  result.closureCounts = [...closureCounts.values()].filter((d) => CLOSURE_COUNTS.some((n) => d[n] !== 0));
  result.values = [...values.values()].filter((d) => d.count !== 0);
  result.sustainedMinutes = [...sustained.values()].filter((d) => d.minutes !== 0);
  return result;
}

function sum<T extends object>(into: Map<string, T>, key: string, delta: T, fields: readonly (keyof T)[]): void {
  const existing = into.get(key);
  if (!existing) {
    into.set(key, { ...delta });
    return;
  }
  for (const field of fields) (existing[field] as number) += delta[field] as number;
}
