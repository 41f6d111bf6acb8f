import { OpenJourneyCommand } from '../commands';
import { accept, Decision, refuse } from '../decision';
import { CLOCK_SKEW_MS } from './guards';

/** Opening a journey: the calling provider becomes its lead. */
export function openJourney(command: OpenJourneyCommand, now: Date): Decision {
  if (Date.parse(command.occurredAt) > now.getTime() + CLOCK_SKEW_MS) {
    return refuse('invalid', 'occurred-at-in-future', 'occurredAt must not be in the future', 'occurredAt');
  }
  return accept({
    type: 'waymark.journey.opened.v1',
    time: command.occurredAt,
    data: { leadProviderId: command.leadProviderId, areaCode: command.areaCode, ageBand: command.ageBand },
  });
}
