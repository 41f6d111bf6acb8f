import { z } from 'zod';

/**
 * The versioned envelope every journey event travels in. Field names follow
 * CloudEvents 1.0 (structured JSON mode); `seq` and `recordedat` are extension
 * attributes (CloudEvents requires lower-case alphanumeric extension names).
 */
export const EVENT_SOURCE = '/waymark/journeys';

/** Opaque provider identifier, e.g. `council-housing`. Never a person. */
export const providerId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  );

/** A coarse area used for breakdowns, e.g. a ward or locality code. */
export const areaCode = z
  .string()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,15}$/, 'must be 1–16 upper-case letters, digits or hyphens');

export const AGE_BANDS = ['0-17', '18-24', '25-34', '35-49', '50-64', '65-79', '80+', 'unknown'] as const;
export const ageBand = z.enum(AGE_BANDS);

/**
 * How events write an instant: UTC with milliseconds and `Z`, exactly what `Date.prototype.toISOString()` gives
 * for years 0000–9999 (e.g. `2026-11-29T09:30:00.000Z`).
 */
export const CANONICAL_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * An RFC 3339 instant with an explicit offset (`Z` or `±hh:mm`), normalised to {@link CANONICAL_INSTANT}: whatever
 * form a provider or an older producer used, what comes out of a parse is one format, so a producer that sends what
 * the contract returns writes that format, and a reader of older events gets it too. Precision beyond milliseconds
 * is dropped; an instant that falls outside years 0000–9999 once moved to UTC is refused. An instant already in the
 * canonical form (nearly all of them) is passed through: decoding is on the rebuild's critical path.
 */
export const instant = z.iso.datetime({ offset: true }).transform((iso, ctx) => {
  if (CANONICAL_INSTANT.test(iso)) return iso;
  const ms = Date.parse(iso);
  const canonical = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  if (!CANONICAL_INSTANT.test(canonical)) {
    ctx.issues.push({ code: 'custom', message: 'must be a real instant in the years 0000–9999 in UTC', input: iso });
    return z.NEVER;
  }
  return canonical;
});

export const envelopeFields = {
  specversion: z.literal('1.0'),
  /** Globally unique and deterministic: see {@link journeyEventId}. */
  id: z.string().regex(/^[0-9a-f-]{36}:\d+$/, 'must be <journeyId>:<seq>'),
  source: z.literal(EVENT_SOURCE),
  /** The journey id; also the Kafka message key, so a journey's events stay ordered. */
  subject: z.uuid(),
  /** When it happened in the world (the command's occurredAt): measures use this. */
  time: instant,
  /** When the journey workflow accepted it: freshness is measured from this. */
  recordedat: instant,
  /** Per-journey sequence number, from 1, without gaps. */
  seq: z.number().int().positive(),
  datacontenttype: z.literal('application/json'),
};

/** Journey ids never repeat (one workflow per id), so id + seq is unique everywhere. */
export function journeyEventId(journeyId: string, seq: number): string {
  return `${journeyId}:${seq}`;
}
