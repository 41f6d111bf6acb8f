import { z } from 'zod';
import { ageBand, areaCode, instant, providerId } from '@waymark/event-contracts';

/** The provider's own opaque reference for the person: never a name or an NHS number. */
export const personRef = z.string().regex(/^[A-Za-z0-9._:-]{1,64}$/, 'must be 1–64 letters, digits or . _ : -');

export const openJourneyCommand = z
  .object({
    personRef,
    leadProviderId: providerId,
    areaCode,
    ageBand,
    occurredAt: instant,
  })
  .strict();

export type OpenJourneyCommand = z.infer<typeof openJourneyCommand>;
