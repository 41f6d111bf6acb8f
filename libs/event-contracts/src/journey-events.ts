import { z } from 'zod';
import { ageBand, areaCode, envelopeFields, instant, providerId } from './envelope';
import {
  assessmentType,
  contactChannel,
  declineReason,
  failureReason,
  handOffId,
  helpType,
  minutesSpent,
  progressRating,
  unresolvedReason,
  valueKind,
  whatMattersDomain,
  whatMattersItemId,
} from './vocabulary';

/**
 * Every journey event type, one schema per type version. Within a version only
 * additive, optional changes are allowed; a breaking change is a new `.vN`
 * type, and consumers keep reading the old one. Event data carries no direct
 * identifiers and no free text about the person.
 *
 * Strict producer, tolerant reader: the schemas are built twice from one
 * definition. Producers check against {@link journeyEvent}, which refuses any
 * field it does not know; consumers read with {@link journeyEventReader}, which
 * drops fields it does not know (a newer producer may add optional ones within
 * the version) but still refuses wrong types and missing fields.
 */
type ObjectOf = <S extends z.core.$ZodLooseShape>(shape: S) => z.ZodObject<S, z.core.$strict>;

function journeyEventSchema(object: ObjectOf) {
  const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
    object({ ...envelopeFields, type: z.literal(type), data });

  const contactCommon = { providerId, channel: contactChannel, minutesSpent };
  const handOffParties = { handOffId, fromProviderId: providerId, toProviderId: providerId };

  return z.discriminatedUnion('type', [
    event('waymark.journey.opened.v1', object({ leadProviderId: providerId, areaCode, ageBand })),
    event(
      'waymark.journey.contact-recorded.v1',
      z.discriminatedUnion('demand', [
        object({ ...contactCommon, demand: z.literal('value'), valueKind }),
        object({ ...contactCommon, demand: z.literal('failure'), failureReason }),
      ]),
    ),
    event(
      'waymark.journey.what-matters-recorded.v1',
      object({
        providerId,
        items: z
          .array(object({ itemId: whatMattersItemId, domain: whatMattersDomain }))
          .min(1)
          .max(20),
      }),
    ),
    event('waymark.journey.assessment-recorded.v1', object({ providerId, assessmentType, minutesSpent })),
    event(
      'waymark.journey.help-given.v1',
      object({ providerId, helpType, whatMattersItemIds: z.array(whatMattersItemId).min(1).max(20), minutesSpent }),
    ),
    event('waymark.journey.hand-off-requested.v1', object(handOffParties)),
    event('waymark.journey.hand-off-accepted.v1', object(handOffParties)),
    event('waymark.journey.hand-off-declined.v1', object({ ...handOffParties, reason: declineReason })),
    event('waymark.journey.provider-involved.v1', object({ providerId, byProviderId: providerId })),
    event(
      'waymark.journey.progress-rated.v1',
      object({ providerId, rating: progressRating, whatMattersItemId: whatMattersItemId.optional() }),
    ),
    event(
      'waymark.journey.closed.v1',
      z.discriminatedUnion('outcome', [
        object({ providerId, outcome: z.literal('resolved'), followUpEndsAt: instant }),
        object({ providerId, outcome: z.literal('unresolved'), reason: unresolvedReason }),
      ]),
    ),
    event('waymark.journey.stalled.v1', object({ lastActivityAt: instant, stallDays: z.number().int().positive() })),
    event('waymark.journey.reopened.v1', object({ reason: z.literal('re-presentation'), closedAt: instant })),
    event(
      'waymark.journey.resolution-sustained.v1',
      object({ closedAt: instant, followUpDays: z.number().int().positive() }),
    ),
  ]);
}

/** The producers' schema: an unknown field anywhere is refused, naming it. */
export const journeyEvent = journeyEventSchema(z.strictObject);

/**
 * The consumers' schema: unknown fields are dropped; everything else is checked as strictly as for producers. Its
 * output type is the same (zod strips what it does not know), only the object mode differs.
 */
export const journeyEventReader: typeof journeyEvent = journeyEventSchema(z.object as unknown as ObjectOf);

export type JourneyEvent = z.infer<typeof journeyEvent>;
export type JourneyEventType = JourneyEvent['type'];
export type JourneyEventOf<T extends JourneyEventType> = Extract<JourneyEvent, { type: T }>;
export const JOURNEY_EVENT_TYPES = journeyEvent.options.map((o) => o.shape.type.value);
