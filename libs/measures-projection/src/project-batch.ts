import type { JourneyEvent } from '@waymark/event-contracts';
import { CLOSURE_COUNT_NAMES } from '@waymark/measures-maths';
import type { JourneyFacts } from './journey-facts';
import { unplaceableDate } from './placeable-dates';
import { projectEvent, type Projected } from './project-event';
import {
  type ActivityDelta,
  type ClosureCountsDelta,
  type ClosureRow,
  type SustainedMinutesDelta,
  type ValueDelta,
} from './rows';
import { placeInSequence, type Gap } from './sequence';

/** An event kept back until the gap before it is filled; `stored` if it was held by an earlier batch. */
interface Waiting {
  event: JourneyEvent;
  stored: boolean;
}

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
  /** Redelivered or replayed events, and second copies of held ones: nothing of theirs is written. */
  duplicates: number;
  unplaceable: { event: JourneyEvent; reason: string }[];
  /** Events of this batch held back behind a gap in their journey's seq, to be stored. */
  held: JourneyEvent[];
  /** Events held by earlier batches that this one applied (or found to be duplicates): to be removed from store. */
  released: { journeyId: string; seq: number }[];
  /** Journeys that began holding events in this batch. */
  gaps: Gap[];
}

/**
 * Projects a batch in order, carrying each journey's facts from one event to the next, and folds the effects
 * into as few rows as possible: a batch of thousands of events becomes a handful of set-based writes.
 *
 * Each journey's events are applied strictly in seq order. An event after a gap is held (with the journey's
 * earlier held events, `held`), and once the missing event arrives it is applied and then every held event that
 * now follows on, in seq order: figures never count a journey with a hole in it, and nothing is lost meanwhile.
 */
export function projectBatch(
  events: readonly JourneyEvent[],
  known: ReadonlyMap<string, JourneyFacts>,
  timeZone: string,
  held: ReadonlyMap<string, readonly JourneyEvent[]> = new Map(),
): BatchProjection {
  const facts = new Map(known);
  const changed = new Set<string>();
  const activity = new Map<string, ActivityDelta>();
  const closures = new Map<string, ClosureRow>();
  const closureCounts = new Map<string, ClosureCountsDelta>();
  const values = new Map<string, ValueDelta>();
  const sustained = new Map<string, SustainedMinutesDelta>();
  const waiting = new Map<string, Map<number, Waiting>>();
  for (const [journeyId, list] of held) {
    if (list.length > 0) waiting.set(journeyId, new Map(list.map((event) => [event.seq, { event, stored: true }])));
  }
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
    held: [],
    released: [],
    gaps: [],
  };

  /** Projects one event that is next in its journey's sequence; folds its effects in when it applies. */
  const project = (event: JourneyEvent): Projected => {
    const projected = projectEvent(facts.get(event.subject), event, timeZone);
    if (projected.kind !== 'applied') return projected;
    facts.set(event.subject, projected.facts);
    changed.add(event.subject);
    result.applied.push(event);
    for (const d of projected.effects.activity) {
      sum(activity, [d.day, d.providerId, d.areaCode, d.metric].join('|'), d, ['count', 'minutes']);
    }
    for (const c of projected.effects.closures) closures.set(`${c.journeyId}|${c.seq}`, c);
    for (const d of projected.effects.closureCounts) {
      sum(closureCounts, [d.day, d.providerId, d.areaCode].join('|'), d, CLOSURE_COUNT_NAMES);
    }
    for (const d of projected.effects.values) {
      sum(values, [d.day, d.providerId, d.areaCode, d.measure, d.value].join('|'), d, ['count']);
    }
    for (const d of projected.effects.sustainedMinutes) {
      sum(sustained, [d.day, d.providerId, d.areaCode, d.workerProviderId].join('|'), d, ['minutes']);
    }
    return projected;
  };

  const hold = (event: JourneyEvent, expectedSeq: number) => {
    const queue = waiting.get(event.subject) ?? new Map<number, Waiting>();
    if (queue.has(event.seq)) {
      result.duplicates++; // held once
      return;
    }
    if (queue.size === 0) result.gaps.push({ journeyId: event.subject, expectedSeq, gotSeq: event.seq });
    queue.set(event.seq, { event, stored: false });
    waiting.set(event.subject, queue);
  };

  const drop = (journeyId: string, seq: number, queue: Map<number, Waiting>) => {
    if (queue.get(seq)?.stored) result.released.push({ journeyId, seq });
    queue.delete(seq);
  };

  /** After an event applies: the journey's held events that now follow on, in seq order. */
  const release = (journeyId: string) => {
    const queue = waiting.get(journeyId);
    if (!queue) return;
    for (;;) {
      const lastSeq = facts.get(journeyId)?.seq ?? 0;
      for (const seq of queue.keys()) {
        if (seq <= lastSeq) {
          drop(journeyId, seq, queue); // a held copy of what is already applied changes nothing
          result.duplicates++;
        }
      }
      const next = queue.get(lastSeq + 1);
      // An event that cannot be placed even now stays held (and counted as held) rather than being lost.
      if (!next || project(next.event).kind !== 'applied') break;
      drop(journeyId, lastSeq + 1, queue);
    }
    if (queue.size === 0) waiting.delete(journeyId);
  };

  for (const event of events) {
    const outOfRange = unplaceableDate(event);
    if (outOfRange) {
      result.unplaceable.push({ event, reason: outOfRange });
      continue;
    }
    const place = placeInSequence(facts.get(event.subject)?.seq ?? 0, event.seq);
    if (place.kind === 'duplicate') {
      result.duplicates++;
      continue;
    }
    if (place.kind === 'gap') {
      hold(event, place.expectedSeq);
      continue;
    }
    const projected = project(event);
    if (projected.kind === 'duplicate') result.duplicates++;
    else if (projected.kind === 'unplaceable') result.unplaceable.push({ event, reason: projected.reason });
    else release(event.subject);
  }

  result.facts = [...changed].map((id) => facts.get(id) as JourneyFacts);
  result.activity = [...activity.values()];
  result.closures = [...closures.values()];
  result.closureCounts = [...closureCounts.values()].filter((d) => CLOSURE_COUNT_NAMES.some((n) => d[n] !== 0));
  result.values = [...values.values()].filter((d) => d.count !== 0);
  result.sustainedMinutes = [...sustained.values()].filter((d) => d.minutes !== 0);
  for (const queue of waiting.values()) {
    for (const { event, stored } of queue.values()) if (!stored) result.held.push(event);
  }
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
