import { accept, Decision } from '../decision';
import { Closure, JourneySettings, JourneyState } from '../state';
import { DAY_MS } from './closure';

/**
 * The journey's next timer. Stall and sustain run from occurredAt, not from when a command arrived, so a
 * back-dated record whose period is already over is settled at once. The end of the late-record allowance runs
 * from when things were recorded: a back-dated closure still gets the whole allowance for its window's records.
 */
export interface Deadline {
  kind: 'stall' | 'sustain' | 'late-records-end';
  /** Milliseconds since the epoch. */
  at: number;
}

export function nextDeadline(state: JourneyState, settings: JourneySettings): Deadline | undefined {
  if (state.status === 'open' || state.status === 'active') {
    return { kind: 'stall', at: Date.parse(state.lastActivityAt) + settings.stallDays * DAY_MS };
  }
  if (state.status === 'closed' && state.closure?.outcome === 'resolved') {
    return { kind: 'sustain', at: Date.parse(state.closure.followUpEndsAt) };
  }
  if (state.status === 'sustained' && state.closure?.outcome === 'resolved') {
    return { kind: 'late-records-end', at: lateRecordsUntil(state.closure, settings) };
  }
  return undefined;
}

/**
 * Until when a record dated inside a resolved closure's follow-up window is accepted: the allowance counts from the
 * window's end, or from when the closure was recorded if that is later (a closure loaded with history).
 */
export function lateRecordsUntil(
  closure: Extract<Closure, { outcome: 'resolved' }>,
  settings: JourneySettings,
): number {
  const from = Math.max(Date.parse(closure.followUpEndsAt), Date.parse(closure.recordedAt ?? closure.followUpEndsAt));
  return from + settings.lateRecordDays * DAY_MS;
}

/** A sustained resolution is provisional while a late re-presentation may still reopen it. */
export function acceptsLateRecords(state: JourneyState, settings: JourneySettings, now: Date): boolean {
  return (
    state.status === 'sustained' &&
    state.closure?.outcome === 'resolved' &&
    now.getTime() < lateRecordsUntil(state.closure, settings)
  );
}

/** What happens when a deadline passes with nothing else having happened. */
export function deadlinePassed(state: JourneyState, deadline: Deadline, settings: JourneySettings): Decision {
  const time = new Date(deadline.at).toISOString();
  if (deadline.kind === 'late-records-end') return accept(); // the resolution is final; nothing to record
  if (deadline.kind === 'stall') {
    return accept({
      type: 'waymark.journey.stalled.v1',
      time,
      data: { lastActivityAt: state.lastActivityAt, stallDays: settings.stallDays },
    });
  }
  // The window is the one set at closure, even if settings have changed since.
  const closedAt = state.closure?.closedAt ?? time;
  const followUpDays = Math.round((deadline.at - Date.parse(closedAt)) / DAY_MS);
  return accept({
    type: 'waymark.journey.resolution-sustained.v1',
    time,
    data: { closedAt, followUpDays },
  });
}
