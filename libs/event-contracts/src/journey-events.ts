import { z } from 'zod';
import { ageBand, areaCode, envelopeFields, providerId } from './envelope';

/**
 * Every journey event type, one schema per type version. Within a version only
 * additive, optional changes are allowed; a breaking change is a new `.vN`
 * type, and consumers keep reading the old one. Event data carries no direct
 * identifiers and no free text about the person.
 */
export const journeyOpenedV1 = z
  .object({
    ...envelopeFields,
    type: z.literal('waymark.journey.opened.v1'),
    data: z
      .object({
        leadProviderId: providerId,
        areaCode,
        ageBand,
      })
      .strict(),
  })
  .strict();

export const journeyEvent = z.discriminatedUnion('type', [journeyOpenedV1]);

export type JourneyEvent = z.infer<typeof journeyEvent>;
export type JourneyEventType = JourneyEvent['type'];
export type JourneyEventOf<T extends JourneyEventType> = Extract<JourneyEvent, { type: T }>;
