import { ApiKeyParts, PROVIDER_API_KEYS } from '@waymark/provider-access';

export { createThrowawayDatabase } from '@waymark/test-support';

/** The key id and secret of a key the store issued (which always parses). */
export function keyParts(apiKey: string): ApiKeyParts {
  const parts = PROVIDER_API_KEYS.parse(apiKey);
  if (!parts) throw new Error(`not an API key: ${apiKey}`);
  return parts;
}
