import { z } from 'zod';

/** What a credential store's issue() returns. */
export interface IssuedKey {
  keyId: string;
  /** The only time the whole key exists outside the caller's hands: it is not stored and cannot be shown again. */
  apiKey: string;
}

/** Bad input to a credential store's issue(): the message says which value and why. */
export class CredentialInputError extends Error {
  override name = 'CredentialInputError';
}

const label = z.string().trim().min(1).max(200);

/**
 * A key's label as it is stored: trimmed, or null when none was given. Throws CredentialInputError for an empty one
 * or one over 200 characters.
 */
export function checkedKeyLabel(keyLabel: string | undefined): string | null {
  if (keyLabel === undefined) return null;
  const checked = label.safeParse(keyLabel);
  if (!checked.success) {
    throw new CredentialInputError('label must be 1–200 characters, not counting surrounding spaces');
  }
  return checked.data;
}
