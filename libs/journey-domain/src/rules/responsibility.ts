import { CommandOf } from '../commands';
import { accept, Decision, EventDraft, firstRefusal, refuse } from '../decision';
import { JourneyState, PendingHandOff } from '../state';
import { Context } from './context';
import { mustBeOpen, mustBeTimely, mustTakePart } from './guards';

/** Hand-offs move responsibility; involvement brings help in while the lead keeps it. */

const leadActs = (state: JourneyState, occurredAt: string, ctx: Context) =>
  firstRefusal(
    () => mustTakePart(state, ctx.actor, ['lead']),
    () => mustBeOpen(state),
    () => mustBeTimely(state, occurredAt, ctx.now),
  );

export function requestHandOff(state: JourneyState, command: CommandOf<'request-hand-off'>, ctx: Context): Decision {
  const refused = firstRefusal(
    () => leadActs(state, command.occurredAt, ctx),
    () =>
      command.toProviderId === state.leadProviderId
        ? refuse('invalid', 'hand-off-to-self', 'a journey cannot be handed to its own lead', 'toProviderId')
        : undefined,
    () =>
      state.pendingHandOff
        ? refuse(
            'conflict',
            'hand-off-pending',
            `hand-off ${state.pendingHandOff.handOffId} is still awaiting an answer`,
          )
        : undefined,
  );
  return (
    refused ??
    accept({
      type: 'waymark.journey.hand-off-requested.v1',
      time: command.occurredAt,
      data: { handOffId: `handoff-${state.seq + 1}`, fromProviderId: ctx.actor, toProviderId: command.toProviderId },
    })
  );
}

/** Only the provider a hand-off is addressed to may answer it; the answer names the same parties. */
function answer(
  state: JourneyState,
  { handOffId, occurredAt }: { handOffId: string; occurredAt: string },
  ctx: Context,
  toEvent: (parties: Omit<PendingHandOff, 'requestedAt'>) => EventDraft,
): Decision {
  const refused = firstRefusal(
    () => mustTakePart(state, ctx.actor, ['hand-off-recipient', 'lead', 'involved']),
    () => mustBeOpen(state),
    () =>
      state.pendingHandOff?.handOffId !== handOffId
        ? refuse('conflict', 'no-such-hand-off', `no hand-off ${handOffId} is awaiting an answer`, 'handOffId')
        : undefined,
    () =>
      state.pendingHandOff?.toProviderId !== ctx.actor
        ? refuse('conflict', 'not-hand-off-recipient', 'only the provider it is addressed to may answer a hand-off')
        : undefined,
    () => mustBeTimely(state, occurredAt, ctx.now),
  );
  const pending = state.pendingHandOff;
  if (refused || !pending) return refused ?? refuse('conflict', 'no-such-hand-off', 'no hand-off is pending');
  const { handOffId: id, fromProviderId, toProviderId } = pending;
  return accept(toEvent({ handOffId: id, fromProviderId, toProviderId }));
}

export function acceptHandOff(state: JourneyState, command: CommandOf<'accept-hand-off'>, ctx: Context): Decision {
  return answer(state, command, ctx, (parties) => ({
    type: 'waymark.journey.hand-off-accepted.v1',
    time: command.occurredAt,
    data: parties,
  }));
}

export function declineHandOff(state: JourneyState, command: CommandOf<'decline-hand-off'>, ctx: Context): Decision {
  return answer(state, command, ctx, (parties) => ({
    type: 'waymark.journey.hand-off-declined.v1',
    time: command.occurredAt,
    data: { ...parties, reason: command.reason },
  }));
}

export function involveProvider(state: JourneyState, command: CommandOf<'involve-provider'>, ctx: Context): Decision {
  const refused = firstRefusal(
    () => leadActs(state, command.occurredAt, ctx),
    () =>
      command.providerId === state.leadProviderId || state.involvedProviderIds.includes(command.providerId)
        ? refuse(
            'conflict',
            'already-involved',
            `${command.providerId} already takes part in this journey`,
            'providerId',
          )
        : undefined,
  );
  return (
    refused ??
    accept({
      type: 'waymark.journey.provider-involved.v1',
      time: command.occurredAt,
      data: { providerId: command.providerId, byProviderId: ctx.actor },
    })
  );
}
