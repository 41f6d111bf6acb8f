import { CommandOf } from '../commands';
import { accept, Decision, firstRefusal } from '../decision';
import { JourneyState } from '../state';
import { Context } from './context';
import { mustBeOpen, mustBeTimely, mustTakePart } from './guards';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Only the lead closes; a resolution opens the follow-up window that checks it holds. */
export function closeJourney(state: JourneyState, command: CommandOf<'close-journey'>, ctx: Context): Decision {
  const refused = firstRefusal(
    () => mustTakePart(state, ctx.actor, ['lead']),
    () => mustBeOpen(state),
    () => mustBeTimely(state, command.occurredAt, ctx.now),
  );
  if (refused) return refused;
  const time = command.occurredAt;
  if (command.outcome === 'unresolved') {
    return accept({
      type: 'waymark.journey.closed.v1',
      time,
      data: { providerId: ctx.actor, outcome: 'unresolved', reason: command.reason },
    });
  }
  const followUpEndsAt = new Date(Date.parse(time) + ctx.settings.followUpDays * DAY_MS).toISOString();
  return accept({
    type: 'waymark.journey.closed.v1',
    time,
    data: { providerId: ctx.actor, outcome: 'resolved', followUpEndsAt },
  });
}
