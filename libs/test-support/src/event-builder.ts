import type { JourneyEvent } from '@waymark/event-contracts';
import { randomUUID } from 'node:crypto';

type ShortName<T> = T extends `waymark.journey.${infer S}.v1` ? S : never;
type EventName = ShortName<JourneyEvent['type']>;
type DataOf<S extends EventName> = Extract<JourneyEvent, { type: `waymark.journey.${S}.v1` }>['data'];

/**
 * Writes one journey's events by hand, as its workflow would stamp them (seq from 1, ids `<journeyId>:<seq>`),
 * for tests and benchmarks that feed the measures side without running journeys.
 */
export function journeyEvents(journeyId: string = randomUUID()) {
  let seq = 0;
  return {
    journeyId,
    event<S extends EventName>(type: S, time: string, data: DataOf<S>): JourneyEvent {
      seq++;
      return {
        specversion: '1.0',
        id: `${journeyId}:${seq}`,
        source: '/waymark/journeys',
        subject: journeyId,
        time,
        recordedat: new Date().toISOString(),
        seq,
        datacontenttype: 'application/json',
        type: `waymark.journey.${type}.v1`,
        data,
      } as JourneyEvent;
    },
  };
}
