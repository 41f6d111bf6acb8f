import { CredentialInputError } from '@waymark/api-keys';
import { z } from 'zod';

/** Opaque commissioner identifier, e.g. `city-council`: the same rule as a provider id. */
export const commissionerId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  );

/** The id as given, when it is a valid commissioner id; otherwise a CredentialInputError saying why. */
export function checkedCommissionerId(id: string): string {
  const checked = commissionerId.safeParse(id);
  if (!checked.success) throw new CredentialInputError(`commissioner id "${id}" ${checked.error.issues[0].message}`);
  return checked.data;
}
