import { apiKeyFormat, FailedAuthLimiter } from '@waymark/api-keys';
import { COMMISSIONERS } from './commissioners';
import { CommissionerSignIn } from './commissioner-sign-in';

const good = COMMISSIONERS.keys.generate();
const revoked = COMMISSIONERS.keys.generate();
const providerKey = apiKeyFormat('wmk').generate().apiKey;

function signIn(limit = 3) {
  const credentials = { authenticate: jest.fn(async (key: string) => (key === good.apiKey ? 'city-council' : null)) };
  const sessions = {
    start: jest.fn(async () => ({ token: 'session-token', expiresAt: new Date('2026-03-01T17:00:00Z') })),
  };
  const failures = new FailedAuthLimiter({ limit, now: () => 0 });
  return { credentials, sessions, signIn: new CommissionerSignIn(credentials, sessions, failures, 8 * 3_600_000) };
}

describe('CommissionerSignIn', () => {
  it('starts a session tied to the key for a valid commissioner key, spaces around it trimmed', async () => {
    const { signIn: s, sessions } = signIn();
    expect(await s.signIn(`  ${good.apiKey}\n`, '10.0.0.1')).toEqual({
      kind: 'signed-in',
      commissionerId: 'city-council',
      token: 'session-token',
      expiresAt: new Date('2026-03-01T17:00:00Z'),
    });
    expect(sessions.start).toHaveBeenCalledWith(good.keyId, 'city-council', 8 * 3_600_000);
  });

  it('refuses a provider key, saying so, without asking the commissioners’ credential store', async () => {
    const { signIn: s, credentials, sessions } = signIn();
    expect(await s.signIn(providerKey, '10.0.0.1')).toEqual({ kind: 'refused', reason: 'provider-key' });
    expect(credentials.authenticate).not.toHaveBeenCalled();
    expect(sessions.start).not.toHaveBeenCalled();
  });

  it('refuses unknown, revoked and malformed keys alike, and an empty form as missing', async () => {
    const { signIn: s, sessions } = signIn(10);
    for (const key of [revoked.apiKey, 'wmc_nonsense', 'hello']) {
      expect(await s.signIn(key, '10.0.0.1')).toEqual({ kind: 'refused', reason: 'not-valid' });
    }
    expect(await s.signIn('   ', '10.0.0.1')).toEqual({ kind: 'refused', reason: 'missing' });
    expect(sessions.start).not.toHaveBeenCalled();
  });

  it('makes an address that failed too often wait, without checking its keys, while a known key still gets in', async () => {
    const { signIn: s, credentials } = signIn(2);
    expect(await s.signIn(good.apiKey, '10.0.0.9')).toMatchObject({ kind: 'signed-in' }); // known from now on
    await s.signIn(revoked.apiKey, '10.0.0.1');
    await s.signIn(providerKey, '10.0.0.1');
    credentials.authenticate.mockClear();
    expect(await s.signIn(revoked.apiKey, '10.0.0.1')).toEqual({ kind: 'wait', retryAfterSeconds: 60 });
    expect(await s.signIn('', '10.0.0.1')).toEqual({ kind: 'wait', retryAfterSeconds: 60 });
    expect(credentials.authenticate).not.toHaveBeenCalled();
    expect(await s.signIn(good.apiKey, '10.0.0.1')).toMatchObject({ kind: 'signed-in' });
    expect(await s.signIn(revoked.apiKey, '10.0.0.2')).toEqual({ kind: 'refused', reason: 'not-valid' });
  });
});
