import { accept, Decision } from '../decision';
import { JourneySettings, JourneyState } from '../state';
import { DAY_MS } from './closure';

/**
 * The journey's next timer. Both run from occurredAt, not from when a command
 * arrived, so a back-dated record whose period is already over is settled at once.
 */
export interface Deadline {
  kind: 'stall' | 'sustain';
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
  return undefined;
}

/** What happens when a deadline passes with nothing else having happened. */
export function deadlinePassed(state: JourneyState, deadline: Deadline, settings: JourneySettings): Decision {
  const time = new Date(deadline.at).toISOString();
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
