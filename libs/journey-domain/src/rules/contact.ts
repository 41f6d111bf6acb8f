import { CommandOf } from '../commands';
import { accept, Decision, EventDraft, firstRefusal, refuse } from '../decision';
import { isEnded, JourneyState } from '../state';
import { mustBeTimely, mustTakePart } from './guards';
import { Context } from './context';
import { acceptsLateRecords } from './timers';

/**
 * A contact is always welcome while the journey is worked on. One dated inside a resolved closure's follow-up window
 * is a re-presentation, whenever it is recorded: the journey reopens (keeping its original start) and the contact
 * is recorded — also after the window has passed and the resolution was provisionally sustained, for as long as
 * the late-record allowance lasts.
 */
export function recordContact(state: JourneyState, command: CommandOf<'record-contact'>, ctx: Context): Decision {
  const refused = firstRefusal(
    () => mustTakePart(state, ctx.actor, ['lead', 'involved']),
    () => (isEnded(state) && !acceptsLateRecords(state, ctx.settings, ctx.now) ? ended() : undefined),
    () => mustBeTimely(state, command.occurredAt, ctx.now),
  );
  if (refused) return refused;

  const contact = contactEvent(command, ctx.actor);
  const closure = state.closure;
  if (state.status !== 'closed' && state.status !== 'sustained') return accept(contact);
  if (closure?.outcome !== 'resolved') return ended();

  const at = Date.parse(command.occurredAt);
  if (at < Date.parse(closure.closedAt)) {
    return refuse('conflict', 'journey-closed', 'the journey is closed; this contact happened before its closure');
  }
  if (at > Date.parse(closure.followUpEndsAt)) {
    return refuse('conflict', 'journey-ended', 'the follow-up window had ended by then; open a new journey');
  }
  return accept(
    {
      type: 'waymark.journey.reopened.v1',
      time: command.occurredAt,
      data: { reason: 're-presentation', closedAt: closure.closedAt },
    },
    contact,
  );
}

const ended = () => refuse('conflict', 'journey-ended', 'the journey has ended');

function contactEvent(command: CommandOf<'record-contact'>, providerId: string): EventDraft {
  const common = { providerId, channel: command.channel, minutesSpent: command.minutesSpent };
  return {
    type: 'waymark.journey.contact-recorded.v1',
    time: command.occurredAt,
    data:
      command.demand === 'value'
        ? { ...common, demand: 'value', valueKind: command.valueKind }
        : { ...common, demand: 'failure', failureReason: command.failureReason },
  };
}
