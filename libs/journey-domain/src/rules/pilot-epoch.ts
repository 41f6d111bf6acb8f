import { Decision, refuse } from '../decision';

/**
 * When the pilot's history begins unless a deployment says otherwise (journey-api's PILOT_EPOCH). Nothing a provider
 * records can have happened before it: an earlier date is a typing mistake (`0050` for `2050`, `1900` for an empty
 * field), and would otherwise start a journey whose clock, stall and follow-up run from that date.
 */
export const DEFAULT_PILOT_EPOCH = '2020-01-01T00:00:00.000Z';

/** occurredAt must not be before the pilot epoch; the other bound (not in the future) is checked where "now" is known. */
export function mustNotPredatePilot(occurredAt: string, pilotEpoch: string): Decision | undefined {
  if (Date.parse(occurredAt) >= Date.parse(pilotEpoch)) return undefined;
  return refuse(
    'invalid',
    'occurred-before-pilot-epoch',
    `occurredAt must not be before the pilot began (${pilotEpoch})`,
    'occurredAt',
  );
}
