import { apiKeyFormat, hashSecret, secretMatches } from './api-key';

describe('API keys', () => {
  const keys = apiKeyFormat('wmk');

  it('are <prefix>_<16 hex key id>_<43 base64url secret>, and parse back into their parts', () => {
    const { keyId, secret, apiKey } = keys.generate();
    expect(apiKey).toMatch(/^wmk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(keys.parse(apiKey)).toEqual({ keyId, secret });
    expect(keys.format({ keyId, secret })).toBe(apiKey);
    expect(keys.prefix).toBe('wmk');
  });

  it('are different every time', () => {
    const generated = Array.from({ length: 50 }, () => keys.generate());
    expect(new Set(generated.map((k) => k.keyId)).size).toBe(50);
    expect(new Set(generated.map((k) => k.secret)).size).toBe(50);
  });

  it('parse when the secret itself contains underscores', () => {
    const secret = `${'_'.repeat(3)}${'a'.repeat(40)}`;
    expect(keys.parse(`wmk_0123456789abcdef_${secret}`)).toEqual({ keyId: '0123456789abcdef', secret });
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
    expect(keys.parse(apiKey)).toBeNull();
  });

  it('of one prefix are never taken for keys of another', () => {
    const commissioners = apiKeyFormat('wmc');
    const commissionerKey = commissioners.generate();
    expect(commissionerKey.apiKey).toMatch(/^wmc_[0-9a-f]{16}_/);
    expect(commissioners.parse(commissionerKey.apiKey)).toEqual({
      keyId: commissionerKey.keyId,
      secret: commissionerKey.secret,
    });
    expect(keys.parse(commissionerKey.apiKey)).toBeNull();
    expect(commissioners.parse(keys.generate().apiKey)).toBeNull();
  });

  it.each(['', 'w', 'WMK', 'wmk_', 'wm-k', 'w.k', 'abcdefghi', '.*'])('refuse the prefix %j', (prefix) => {
    expect(() => apiKeyFormat(prefix)).toThrow('an API key prefix is 2–8 lower-case letters');
  });

  it('match only their own secret hash', () => {
    const { secret } = keys.generate();
    const stored = hashSecret(secret);
    expect(stored).toHaveLength(32);
    expect(secretMatches(secret, stored)).toBe(true);
    expect(secretMatches(keys.generate().secret, stored)).toBe(false);
    expect(secretMatches(secret, Buffer.alloc(16))).toBe(false);
  });
});
