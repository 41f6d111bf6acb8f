import {
  ageBand,
  areaCode,
  assessmentType,
  contactChannel,
  declineReason,
  failureReason,
  handOffId,
  helpType,
  instant,
  minutesSpent,
  progressRating,
  providerId,
  unresolvedReason,
  valueKind,
  whatMattersDomain,
  whatMattersItemId,
} from '@waymark/event-contracts';
import { z } from 'zod';

/**
 * What providers ask of a journey. Each schema is the request body the API
 * validates; the acting provider comes from authentication, never the body.
 * `occurredAt` is when it happened (often earlier: providers record after the
 * fact, and history is loaded in bulk); the order of acceptance is the order
 * of the journey.
 */

/** The provider's own opaque reference for the person: never a name or an NHS number. */
export const personRef = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits or . _ : -');

/**
 * Short notes stay in the workflow (encrypted), never in events. Plain text: line breaks and tabs, but no other
 * control characters and no unpaired surrogates, so a note of 500 characters is at most 1,500 bytes of JSON.
 */
export const NOTE_MAX_LENGTH = 500;
const note = z
  .string()
  .trim()
  .min(1)
  .max(NOTE_MAX_LENGTH)
  .regex(/^(?:[\n\t]|[^\p{Cc}\p{Cs}])*$/u, 'must be plain text (no control characters)');
const at = { occurredAt: instant };

export const openJourneyBody = z.object({ personRef, areaCode, ageBand, ...at }).strict();

const contactCommon = { ...at, channel: contactChannel, minutesSpent };
export const recordContactBody = z.discriminatedUnion('demand', [
  z.object({ ...contactCommon, demand: z.literal('value'), valueKind }).strict(),
  z.object({ ...contactCommon, demand: z.literal('failure'), failureReason }).strict(),
]);

export const recordWhatMattersBody = z
  .object({
    ...at,
    items: z
      .array(z.object({ itemId: whatMattersItemId, domain: whatMattersDomain, text: note.optional() }).strict())
      .min(1)
      .max(20),
  })
  .strict();

export const recordAssessmentBody = z.object({ ...at, assessmentType, minutesSpent }).strict();

export const giveHelpBody = z
  .object({
    ...at,
    helpType,
    whatMattersItemIds: z.array(whatMattersItemId).min(1).max(20),
    minutesSpent,
    description: note.optional(),
  })
  .strict();

export const requestHandOffBody = z.object({ ...at, toProviderId: providerId }).strict();
export const acceptHandOffBody = z.object({ ...at, handOffId }).strict();
export const declineHandOffBody = z.object({ ...at, handOffId, reason: declineReason }).strict();
export const involveProviderBody = z.object({ ...at, providerId }).strict();

export const rateProgressBody = z
  .object({ ...at, rating: progressRating, whatMattersItemId: whatMattersItemId.optional() })
  .strict();

export const closeJourneyBody = z.discriminatedUnion('outcome', [
  z
    .object({
      ...at,
      outcome: z.literal('resolved'),
      personConfirmed: z.literal(true, { error: 'a resolution must be confirmed by the person' }),
    })
    .strict(),
  z.object({ ...at, outcome: z.literal('unresolved'), reason: unresolvedReason }).strict(),
]);

/** Every command on an open journey, by type; the schemas above are their bodies. */
export const COMMAND_BODIES = {
  'record-contact': recordContactBody,
  'record-what-matters': recordWhatMattersBody,
  'record-assessment': recordAssessmentBody,
  'give-help': giveHelpBody,
  'request-hand-off': requestHandOffBody,
  'accept-hand-off': acceptHandOffBody,
  'decline-hand-off': declineHandOffBody,
  'involve-provider': involveProviderBody,
  'rate-progress': rateProgressBody,
  'close-journey': closeJourneyBody,
} as const;

export type CommandType = keyof typeof COMMAND_BODIES;
export type CommandBody<T extends CommandType> = z.infer<(typeof COMMAND_BODIES)[T]>;
export type JourneyCommand = { [T in CommandType]: { type: T } & CommandBody<T> }[CommandType];
export type CommandOf<T extends CommandType> = Extract<JourneyCommand, { type: T }>;

export type OpenJourneyBody = z.infer<typeof openJourneyBody>;
/** Opening names its lead: the provider that calls. */
export type OpenJourneyCommand = OpenJourneyBody & { leadProviderId: string };
