import { ApiKeyFormat, apiKeyFormat } from './api-key';
import { AuthenticatedCaller, authenticatedCaller } from './authenticated-caller';

/**
 * One kind of API key holder (providers, commissioners): everything that differs between their keys. The rest —
 * format, hashing, storage, the guard, the cache, failed authentications — is the same code for every audience.
 */
export interface CredentialAudience {
  /** Who holds these keys, singular: `provider`. Names the table (`provider_credentials`) and its owner column. */
  readonly holder: string;
  /** `wmk_…` for providers, `wmc_…` for commissioners: one kind of key never parses as another. */
  readonly keys: ApiKeyFormat;
  /** The PostgreSQL schema the credentials table is in. */
  readonly schema: string;
  /** `<schema>.<holder>_credentials`. */
  readonly table: string;
  /** `<holder>_id`: the column naming whose key it is. */
  readonly ownerColumn: string;
  /** The holder's id as given when it is valid; otherwise throws a CredentialInputError saying which id and why. */
  checkOwner(id: string): string;
  /** Where the guard leaves the holder it authenticated, and the handler parameter decorator that reads it. */
  readonly caller: AuthenticatedCaller;
}

export interface AudienceSettings {
  holder: string;
  prefix: string;
  schema: string;
  checkOwner: (id: string) => string;
}

const IDENTIFIER = /^[a-z][a-z_]{1,30}$/;

/** An audience from its four settings; the names derived from them are checked, since they go into SQL. */
export function credentialAudience({ holder, prefix, schema, checkOwner }: AudienceSettings): CredentialAudience {
  for (const name of [holder, schema]) {
    if (!IDENTIFIER.test(name)) throw new Error(`"${name}" is not a plain lower-case SQL identifier`);
  }
  const decorator = `Current${holder[0].toUpperCase()}${holder.slice(1)}`;
  return {
    holder,
    keys: apiKeyFormat(prefix),
    schema,
    table: `${schema}.${holder}_credentials`,
    ownerColumn: `${holder}_id`,
    checkOwner,
    caller: authenticatedCaller(holder, decorator),
  };
}
