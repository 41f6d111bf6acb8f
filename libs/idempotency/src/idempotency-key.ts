export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** 1–255 printable ASCII characters (space to tilde). */
const KEY_PATTERN = new RegExp(`^[\\x20-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

export type IdempotencyKeyCheck = { ok: true; key: string } | { ok: false; detail: string };

/** Checks an Idempotency-Key header value; the detail says what is wrong in words a client developer can act on. */
export function checkIdempotencyKey(value: string | undefined): IdempotencyKeyCheck {
  if (value === undefined || value === '') {
    return { ok: false, detail: `The ${IDEMPOTENCY_KEY_HEADER} header is required on this request.` };
  }
  if (!KEY_PATTERN.test(value)) {
    return {
      ok: false,
      detail: `The ${IDEMPOTENCY_KEY_HEADER} header must be 1–${IDEMPOTENCY_KEY_MAX_LENGTH} printable ASCII characters.`,
    };
  }
  return { ok: true, key: value };
}
