import { accept, Decision, reject } from './decision';
import type { OpenJourneyCommand } from './commands';

/** Rules for opening a journey. `now` is the caller's clock (workflow time in Temporal). */
export function decideOpenJourney(command: OpenJourneyCommand, now: Date): Decision {
  if (Date.parse(command.occurredAt) > now.getTime()) {
    return reject('occurred-at-in-future', 'occurredAt must not be in the future', 'occurredAt');
  }
  return accept({
    type: 'waymark.journey.opened.v1',
    time: command.occurredAt,
    data: {
      leadProviderId: command.leadProviderId,
      areaCode: command.areaCode,
      ageBand: command.ageBand,
    },
  });
}
