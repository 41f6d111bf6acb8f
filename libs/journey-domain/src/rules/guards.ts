import { Decision, refuse } from '../decision';
import { isEnded, JourneyState } from '../state';

/** Provider clocks drift; a little future is tolerated, more is a mistake. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;

export type Role = 'lead' | 'involved' | 'hand-off-recipient' | 'none';

export function roleOf(state: JourneyState, providerId: string): Role {
  if (state.leadProviderId === providerId) return 'lead';
  if (state.involvedProviderIds.includes(providerId)) return 'involved';
  if (state.pendingHandOff?.toProviderId === providerId) return 'hand-off-recipient';
  return 'none';
}

/** A provider with no part in the journey learns nothing about it, not even that it exists. */
export function mustTakePart(state: JourneyState, actor: string, allowed: Role[]): Decision | undefined {
  const role = roleOf(state, actor);
  if (role === 'none') return refuse('not-found', 'not-a-participant', 'no such journey');
  if (!allowed.includes(role)) {
    const rule = allowed.includes('lead') && allowed.length === 1 ? 'lead-only' : 'not-permitted';
    return refuse('conflict', rule, `a provider that is ${role.replace(/-/g, ' ')} may not do this`);
  }
  return undefined;
}

export function mustBeTimely(state: JourneyState, occurredAt: string, now: Date): Decision | undefined {
  const at = Date.parse(occurredAt);
  if (at > now.getTime() + CLOCK_SKEW_MS) {
    return refuse('invalid', 'occurred-at-in-future', 'occurredAt must not be in the future', 'occurredAt');
  }
  if (at < Date.parse(state.openedAt)) {
    return refuse(
      'invalid',
      'occurred-before-opening',
      'occurredAt must not be before the journey opened',
      'occurredAt',
    );
  }
  return undefined;
}

/** Most commands need a journey that is still being worked on. */
export function mustBeOpen(state: JourneyState): Decision | undefined {
  if (isEnded(state)) return refuse('conflict', 'journey-ended', 'the journey has ended');
  if (state.status === 'closed') return refuse('conflict', 'journey-closed', 'the journey is closed');
  return undefined;
}
