import { z } from 'zod';
import { JourneyEvent, journeyEvent } from './journey-events';

export type EventValidation = { ok: true; event: JourneyEvent } | { ok: false; reason: string };

/** The one validator producers and consumers share. */
export function validateJourneyEvent(value: unknown): EventValidation {
  const result = journeyEvent.safeParse(value);
  return result.success ? { ok: true, event: result.data } : { ok: false, reason: z.prettifyError(result.error) };
}

/** Parses a Kafka message value; malformed JSON is a validation failure, not a crash. */
export function decodeJourneyEvent(raw: Buffer | string | null): EventValidation {
  if (raw === null) return { ok: false, reason: 'message has no value' };
  let value: unknown;
  try {
    value = JSON.parse(raw.toString());
  } catch (error) {
    return {
      ok: false,
      reason: `value is not JSON: ${(error as Error).message}`,
    };
  }
  return validateJourneyEvent(value);
}
