export { COMMISSIONER_API_KEYS } from './commissioner-api-key';
export * from './commissioner-access.module';
export * from './commissioner-auth.guard';
export * from './commissioner-authenticator';
export * from './commissioner-credential-store';
export * from './commissioner-credential.entity';
export * from './commissioner-id';
export * from './commissioner-sessions';
export * from './commissioner-sign-in';
export { commissionerIdOf, CurrentCommissioner } from './current-commissioner';
export * from './data-source';
/** One `@Public()` for every guard. */
export { CredentialInputError, IS_PUBLIC, Public } from '@waymark/api-keys';
export type { AuthCacheOptions, IssuedKey } from '@waymark/api-keys';
