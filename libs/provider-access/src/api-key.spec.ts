import { formatApiKey, generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key';

describe('API keys', () => {
  it('are wmk_<16 hex key id>_<43 base64url secret>, and parse back into their parts', () => {
    const { keyId, secret, apiKey } = generateApiKey();
    expect(apiKey).toMatch(/^wmk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(parseApiKey(apiKey)).toEqual({ keyId, secret });
    expect(formatApiKey({ keyId, secret })).toBe(apiKey);
  });

  it('are different every time', () => {
    const keys = Array.from({ length: 50 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.keyId)).size).toBe(50);
    expect(new Set(keys.map((k) => k.secret)).size).toBe(50);
  });

  it('parse when the secret itself contains underscores', () => {
    const secret = `${'_'.repeat(3)}${'a'.repeat(40)}`;
    expect(parseApiKey(`wmk_0123456789abcdef_${secret}`)).toEqual({ keyId: '0123456789abcdef', secret });
  });

  it.each([
    ['empty', ''],
    ['another prefix', `wmx_0123456789abcdef_${'a'.repeat(43)}`],
    ['an upper-case key id', `wmk_0123456789ABCDEF_${'a'.repeat(43)}`],
    ['a short key id', `wmk_0123456789abcde_${'a'.repeat(43)}`],
    ['a short secret', `wmk_0123456789abcdef_${'a'.repeat(42)}`],
    ['a long secret', `wmk_0123456789abcdef_${'a'.repeat(44)}`],
    ['padding in the secret', `wmk_0123456789abcdef_${'a'.repeat(42)}=`],
    ['surrounding space', ` wmk_0123456789abcdef_${'a'.repeat(43)}`],
  ])('do not parse with %s', (_, apiKey) => {
    expect(parseApiKey(apiKey)).toBeNull();
  });

  it('match only their own secret hash', () => {
    const { secret } = generateApiKey();
    const stored = hashSecret(secret);
    expect(stored).toHaveLength(32);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(generateApiKey().secret, stored)).toBe(false);
    expect(secretMatches(secret, Buffer.alloc(16))).toBe(false);
  });
});
