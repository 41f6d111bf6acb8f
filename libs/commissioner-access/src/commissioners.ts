import { credentialAudience, CredentialInputError } from '@waymark/api-keys';
import { z } from 'zod';

/** Opaque commissioner identifier, e.g. `city-council`: the same rule as a provider id. */
export const commissionerId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{1,62}$/,
    'must be 2–63 lower-case letters, digits or hyphens, starting with a letter or digit',
  );

/**
 * Commissioners' API keys: `wmc_<keyId>_<secret>`, in `commissioner_access.commissioner_credentials`, apart from the
 * projections and from providers' keys. The prefix differs from providers' `wmk_`, so neither kind of key even parses
 * where the other is expected.
 */
export const COMMISSIONERS = credentialAudience({
  holder: 'commissioner',
  prefix: 'wmc',
  schema: 'commissioner_access',
  checkOwner: (id) => {
    const checked = commissionerId.safeParse(id);
    if (!checked.success) throw new CredentialInputError(`commissioner id "${id}" ${checked.error.issues[0].message}`);
    return checked.data;
  },
});

/** The commissioner ApiKeyGuard authenticated for this request, if any. */
export const commissionerIdOf: (request: object) => string | undefined = COMMISSIONERS.caller.of;

/**
 * The authenticated commissioner's id as a handler parameter: `@CurrentCommissioner() commissionerId: string`. On a
 * route that skipped authentication (`@Public()`) there is none, which is a programming error: a 500.
 */
export const CurrentCommissioner = COMMISSIONERS.caller.param;
