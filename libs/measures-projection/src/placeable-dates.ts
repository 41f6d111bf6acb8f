import type { JourneyEvent } from '@waymark/event-contracts';

/**
 * The instants the projections can place, [from, before). Local days come from the time-zone database, which is
 * reliable only from 1970 (before that, zones like Europe/London fall back to local mean time and shift dates), and
 * PostgreSQL, the rollups' ISO weeks and the report's calendar need four-digit years in every zone.
 */
export const PLACEABLE = { from: '1970-01-01T00:00:00.000Z', before: '9999-01-01T00:00:00.000Z' } as const;

const from = Date.parse(PLACEABLE.from);
const before = Date.parse(PLACEABLE.before);

/**
 * Why an event cannot be placed by its date, or undefined when it can. An event from outside the range is no fact
 * about the pilot (journey-api refuses such dates), and placing it would put a malformed day into a write.
 */
export function unplaceableDate(event: JourneyEvent): string | undefined {
  const at = Date.parse(event.time);
  if (at >= from && at < before) return undefined;
  return `time ${event.time} is outside the dates the projections can place (${PLACEABLE.from} to ${PLACEABLE.before})`;
}
