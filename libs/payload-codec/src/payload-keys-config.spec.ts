import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { checkPayloadActiveKey, parsePayloadKeys, payloadCodecEnv, payloadKeyRing } from './payload-keys-config';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const a = keyA.toString('base64');
const b = keyB.toString('base64');

/** Asserts the error names the rule and leaks none of the given secrets. */
function expectConfigError(keysVar: string, activeKeyId: string, message: string, secrets: string[] = [a, b]): void {
  let error: unknown;
  try {
    parsePayloadKeys(keysVar, activeKeyId);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(Error);
  const text = (error as Error).message;
  expect(text).toBe(`Invalid payload encryption config: ${message}`);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe('parsePayloadKeys', () => {
  it('builds the key ring from the list and the active id', () => {
    const ring = parsePayloadKeys(`k2024:${a}, k2025:${b}`, 'k2025');
    expect(ring.activeKeyId).toBe('k2025');
    expect(Object.keys(ring.keys)).toEqual(['k2024', 'k2025']);
    expect(ring.keys['k2024'].equals(keyA)).toBe(true);
    expect(ring.keys['k2025'].equals(keyB)).toBe(true);
  });

  it('ignores empty entries, e.g. a trailing comma', () => {
    expect(Object.keys(parsePayloadKeys(`k1:${a},`, 'k1').keys)).toEqual(['k1']);
  });

  it('keeps an id such as __proto__ an ordinary key', () => {
    const ring = parsePayloadKeys(`__proto__:${a}`, '__proto__');
    expect(Object.hasOwn(ring.keys, '__proto__')).toBe(true);
    expect(ring.keys['__proto__'].equals(keyA)).toBe(true);
  });

  it('rejects an empty list', () => {
    expectConfigError(' , ', 'k1', 'WAYMARK_PAYLOAD_KEYS: must list at least one id:base64key entry');
  });

  it('rejects an entry without exactly one colon, without echoing it', () => {
    expectConfigError(`k1:${a},${b}`, 'k1', 'WAYMARK_PAYLOAD_KEYS: entry 2 must be id:base64key');
    expectConfigError(`k1:${a}:extra`, 'k1', 'WAYMARK_PAYLOAD_KEYS: entry 1 must be id:base64key');
  });

  it('rejects a bad key id, without echoing it (it may be a key in the wrong place)', () => {
    const keyShapedId = b.slice(0, 40);
    expectConfigError(
      `${keyShapedId}:${a}`,
      'k1',
      'WAYMARK_PAYLOAD_KEYS: entry 1: the key id must be 1-32 characters of A-Z a-z 0-9 _ -',
      [a, keyShapedId],
    );
    expectConfigError(
      `bad.id:${a}`,
      'k1',
      'WAYMARK_PAYLOAD_KEYS: entry 1: the key id must be 1-32 characters of A-Z a-z 0-9 _ -',
    );
  });

  it('rejects a duplicate id', () => {
    expectConfigError(`k1:${a},k1:${b}`, 'k1', "WAYMARK_PAYLOAD_KEYS: key id 'k1' is listed more than once");
  });

  it('rejects a key that is not base64', () => {
    expectConfigError(
      `k1:${a.slice(0, 20)}!${a.slice(21)}`,
      'k1',
      "WAYMARK_PAYLOAD_KEYS: key 'k1' is not valid base64",
    );
    expectConfigError(`k1:${a.replace(/=+$/, '')}`, 'k1', "WAYMARK_PAYLOAD_KEYS: key 'k1' is not valid base64");
  });

  it('rejects a key that is not 32 bytes', () => {
    const short = randomBytes(16).toString('base64');
    expectConfigError(
      `k1:${short}`,
      'k1',
      "WAYMARK_PAYLOAD_KEYS: key 'k1' must be 32 bytes after base64 decoding, got 16",
      [short],
    );
    const long = randomBytes(33).toString('base64');
    expectConfigError(
      `k1:${long}`,
      'k1',
      "WAYMARK_PAYLOAD_KEYS: key 'k1' must be 32 bytes after base64 decoding, got 33",
      [long],
    );
  });

  it('rejects an active id that is not listed', () => {
    expectConfigError(`k1:${a}`, 'k2', "WAYMARK_PAYLOAD_ACTIVE_KEY: key id 'k2' is not listed in WAYMARK_PAYLOAD_KEYS");
  });

  it('rejects an active "id" that is really a key, without echoing it', () => {
    expectConfigError(
      `k1:${a}`,
      b,
      'WAYMARK_PAYLOAD_ACTIVE_KEY: must be a key id (1-32 characters of A-Z a-z 0-9 _ -), not a key',
    );
  });

  it('reports both variables when both are wrong', () => {
    expectConfigError(
      'nonsense',
      '',
      'WAYMARK_PAYLOAD_KEYS: entry 1 must be id:base64key; ' +
        'WAYMARK_PAYLOAD_ACTIVE_KEY: must be a key id (1-32 characters of A-Z a-z 0-9 _ -), not a key',
    );
  });
});

describe('payloadCodecEnv in an app config schema', () => {
  const schema = z
    .object({ LOG_LEVEL: z.string().default('info'), ...payloadCodecEnv })
    .superRefine(checkPayloadActiveKey);

  it('turns the variables into the key ring', () => {
    const config = schema.parse({ WAYMARK_PAYLOAD_KEYS: `k1:${a},k2:${b}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k2' });
    expect(config.LOG_LEVEL).toBe('info');
    const ring = payloadKeyRing(config);
    expect(ring.activeKeyId).toBe('k2');
    expect(ring.keys['k1'].equals(keyA)).toBe(true);
    expect(ring.keys['k2'].equals(keyB)).toBe(true);
    expect(ring.plain).toBe('refuse');
  });

  it('refuses unencrypted payloads unless WAYMARK_PAYLOAD_PLAIN says accept', () => {
    const base = { WAYMARK_PAYLOAD_KEYS: `k1:${a}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k1' };
    expect(payloadKeyRing(schema.parse({ ...base, WAYMARK_PAYLOAD_PLAIN: 'accept' })).plain).toBe('accept');
    expect(payloadKeyRing(schema.parse({ ...base, WAYMARK_PAYLOAD_PLAIN: 'refuse' })).plain).toBe('refuse');
    expect(schema.safeParse({ ...base, WAYMARK_PAYLOAD_PLAIN: 'yes' }).error?.issues[0]?.path).toEqual([
      'WAYMARK_PAYLOAD_PLAIN',
    ]);
  });

  it('reports each problem under its variable name, one issue per variable', () => {
    const result = schema.safeParse({ WAYMARK_PAYLOAD_KEYS: `k1:${a},k1:${b}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k9' });
    // The active-id check does not run on a broken list, so it adds no misleading second error.
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['WAYMARK_PAYLOAD_KEYS'], "key id 'k1' is listed more than once"],
    ]);
    expect(JSON.stringify(result.error?.issues)).not.toContain(a);
  });

  it('reports an unlisted active id under WAYMARK_PAYLOAD_ACTIVE_KEY', () => {
    const result = schema.safeParse({ WAYMARK_PAYLOAD_KEYS: `k1:${a}`, WAYMARK_PAYLOAD_ACTIVE_KEY: 'k9' });
    expect(result.error?.issues.map((issue) => [issue.path, issue.message])).toEqual([
      [['WAYMARK_PAYLOAD_ACTIVE_KEY'], "key id 'k9' is not listed in WAYMARK_PAYLOAD_KEYS"],
    ]);
  });

  it('requires both variables', () => {
    const result = schema.safeParse({});
    expect(result.error?.issues.map((issue) => issue.path)).toEqual([
      ['WAYMARK_PAYLOAD_KEYS'],
      ['WAYMARK_PAYLOAD_ACTIVE_KEY'],
    ]);
    const keysMissing = schema.safeParse({ WAYMARK_PAYLOAD_ACTIVE_KEY: 'k1' });
    expect(keysMissing.error?.issues.map((issue) => issue.path)).toEqual([['WAYMARK_PAYLOAD_KEYS']]);
  });
});
