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
 */
const event = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ ...envelopeFields, type: z.literal(type), data }).strict();

export const journeyOpenedV1 = event(
  'waymark.journey.opened.v1',
  z.object({ leadProviderId: providerId, areaCode, ageBand }).strict(),
);

const contactCommon = { providerId, channel: contactChannel, minutesSpent };
export const contactRecordedV1 = event(
  'waymark.journey.contact-recorded.v1',
  z.discriminatedUnion('demand', [
    z.object({ ...contactCommon, demand: z.literal('value'), valueKind }).strict(),
    z.object({ ...contactCommon, demand: z.literal('failure'), failureReason }).strict(),
  ]),
);

export const whatMattersRecordedV1 = event(
  'waymark.journey.what-matters-recorded.v1',
  z
    .object({
      providerId,
      items: z
        .array(z.object({ itemId: whatMattersItemId, domain: whatMattersDomain }).strict())
        .min(1)
        .max(20),
    })
    .strict(),
);

export const assessmentRecordedV1 = event(
  'waymark.journey.assessment-recorded.v1',
  z.object({ providerId, assessmentType, minutesSpent }).strict(),
);

export const helpGivenV1 = event(
  'waymark.journey.help-given.v1',
  z
    .object({ providerId, helpType, whatMattersItemIds: z.array(whatMattersItemId).min(1).max(20), minutesSpent })
    .strict(),
);

const handOffParties = { handOffId, fromProviderId: providerId, toProviderId: providerId };
export const handOffRequestedV1 = event('waymark.journey.hand-off-requested.v1', z.object(handOffParties).strict());
export const handOffAcceptedV1 = event('waymark.journey.hand-off-accepted.v1', z.object(handOffParties).strict());
export const handOffDeclinedV1 = event(
  'waymark.journey.hand-off-declined.v1',
  z.object({ ...handOffParties, reason: declineReason }).strict(),
);

export const providerInvolvedV1 = event(
  'waymark.journey.provider-involved.v1',
  z.object({ providerId, byProviderId: providerId }).strict(),
);

export const progressRatedV1 = event(
  'waymark.journey.progress-rated.v1',
  z.object({ providerId, rating: progressRating, whatMattersItemId: whatMattersItemId.optional() }).strict(),
);

export const journeyClosedV1 = event(
  'waymark.journey.closed.v1',
  z.discriminatedUnion('outcome', [
    z.object({ providerId, outcome: z.literal('resolved'), followUpEndsAt: instant }).strict(),
    z.object({ providerId, outcome: z.literal('unresolved'), reason: unresolvedReason }).strict(),
  ]),
);

export const journeyStalledV1 = event(
  'waymark.journey.stalled.v1',
  z.object({ lastActivityAt: instant, stallDays: z.number().int().positive() }).strict(),
);

export const journeyReopenedV1 = event(
  'waymark.journey.reopened.v1',
  z.object({ reason: z.literal('re-presentation'), closedAt: instant }).strict(),
);

export const resolutionSustainedV1 = event(
  'waymark.journey.resolution-sustained.v1',
  z.object({ closedAt: instant, followUpDays: z.number().int().positive() }).strict(),
);

export const journeyEvent = z.discriminatedUnion('type', [
  journeyOpenedV1,
  contactRecordedV1,
  whatMattersRecordedV1,
  assessmentRecordedV1,
  helpGivenV1,
  handOffRequestedV1,
  handOffAcceptedV1,
  handOffDeclinedV1,
  providerInvolvedV1,
  progressRatedV1,
  journeyClosedV1,
  journeyStalledV1,
  journeyReopenedV1,
  resolutionSustainedV1,
]);

export type JourneyEvent = z.infer<typeof journeyEvent>;
export type JourneyEventType = JourneyEvent['type'];
export type JourneyEventOf<T extends JourneyEventType> = Extract<JourneyEvent, { type: T }>;
export const JOURNEY_EVENT_TYPES = journeyEvent.options.map((o) => o.shape.type.value);
