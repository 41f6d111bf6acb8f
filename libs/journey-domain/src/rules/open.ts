import { OpenJourneyCommand } from '../commands';
import { accept, Decision, EventDraft, refuse } from '../decision';
import { evolve, initialState, stamp } from '../evolve';
import type { JourneyState } from '../state';
import { CLOCK_SKEW_MS } from './guards';

/** Opening a journey: the calling provider becomes its lead. */
export function openJourney(command: OpenJourneyCommand, now: Date): Decision {
  if (Date.parse(command.occurredAt) > now.getTime() + CLOCK_SKEW_MS) {
    return refuse('invalid', 'occurred-at-in-future', 'occurredAt must not be in the future', 'occurredAt');
  }
  return accept(openedEvent(command));
}

const openedEvent = (command: OpenJourneyCommand): EventDraft => ({
  type: 'waymark.journey.opened.v1',
  time: command.occurredAt,
  data: { leadProviderId: command.leadProviderId, areaCode: command.areaCode, ageBand: command.ageBand },
});

/**
 * A journey as its opening leaves it, from the command alone: what the API answers an opening with (and answers a
 * repeated opening with again), without asking the workflow.
 */
export function openedState(journeyId: string, command: OpenJourneyCommand): JourneyState {
  const initial = initialState(journeyId, command);
  // When it was recorded goes into the event's envelope only, never into the state.
  return evolve(initial, stamp(initial, [openedEvent(command)], new Date(command.occurredAt)));
}
