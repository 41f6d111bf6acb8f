import { PageTokens } from './page-tokens';

const key = (fill: number) => Buffer.alloc(32, fill);

describe('PageTokens', () => {
  const tokens = new PageTokens({ activeKeyId: 'b', keys: { a: key(1), b: key(2) } });
  const temporalToken = Buffer.from('{"StartTime":"2026-11-29T16:02:27Z","RunID":"r"}').toString('base64url');

  it('opens what it sealed, and the sealed token stays URL-safe', () => {
    const sealed = tokens.seal(temporalToken);
    expect(sealed).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(tokens.open(sealed)).toBe(temporalToken);
  });

  it('opens nothing it did not seal: garbage, a bare token, a tampered one, one sealed under an unknown key', () => {
    const sealed = tokens.seal(temporalToken);
    const tampered = Buffer.from(sealed, 'base64url');
    tampered[tampered.length - 1] ^= 1;
    const stranger = new PageTokens({ activeKeyId: 'c', keys: { c: key(3) } });
    for (const token of ['abc', '', temporalToken, tampered.toString('base64url'), stranger.seal(temporalToken)]) {
      expect(tokens.open(token)).toBeUndefined();
    }
  });

  it('opens tokens sealed before the active key changed, while the old key is still in the ring', () => {
    const before = new PageTokens({ activeKeyId: 'a', keys: { a: key(1) } }).seal(temporalToken);
    expect(tokens.open(before)).toBe(temporalToken);
  });
});
