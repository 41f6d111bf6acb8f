import { z } from 'zod';
import { JourneyEvent, journeyEvent, journeyEventReader } from './journey-events';

export type EventValidation = { ok: true; event: JourneyEvent } | { ok: false; reason: string };

const validation = (result: z.ZodSafeParseResult<JourneyEvent>): EventValidation =>
  result.success ? { ok: true, event: result.data } : { ok: false, reason: z.prettifyError(result.error) };

/**
 * The producers' check (strict): refuses unknown fields. Returns the event as it must be sent, its instants
 * normalised to the canonical form; publish that, not the input.
 */
export function validateJourneyEvent(value: unknown): EventValidation {
  return validation(journeyEvent.safeParse(value));
}

/** The consumers' check (tolerant): unknown fields are dropped, wrong types and missing fields refused. */
export function readJourneyEvent(value: unknown): EventValidation {
  return validation(journeyEventReader.safeParse(value));
}

/** Parses a Kafka message value as a consumer; malformed JSON is a validation failure, not a crash. */
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
  return readJourneyEvent(value);
}
