import type { CommissionerCredentialStore, CommissionerCredentialSummary } from '@waymark/commissioner-access';
import { runCommissionersCommand } from './commissioners-commands';

describe('runCommissionersCommand', () => {
  let out: string[];
  let err: string[];
  const output = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  const summary = (overrides: Partial<CommissionerCredentialSummary>): CommissionerCredentialSummary => ({
    keyId: '0123456789abcdef',
    commissionerId: 'city-council',
    label: null,
    createdAt: new Date('2026-11-01T09:00:00Z'),
    revokedAt: null,
    ...overrides,
  });
  const store = (overrides: Partial<Pick<CommissionerCredentialStore, 'issue' | 'revoke' | 'list'>>) => ({
    issue: jest.fn(),
    revoke: jest.fn(),
    list: jest.fn(),
    ...overrides,
  });

  beforeEach(() => {
    out = [];
    err = [];
  });

  it('prints an issued key once, with a warning that it cannot be shown again', async () => {
    const issue = jest.fn(async () => ({ keyId: 'k1', apiKey: 'wmc_k1_secret' }));
    const code = await runCommissionersCommand(
      { name: 'commissioners issue', commissionerId: 'city-council', label: 'dashboard' },
      store({ issue }),
      output,
    );
    expect(code).toBe(0);
    expect(issue).toHaveBeenCalledWith('city-council', 'dashboard');
    expect(out).toEqual(['key id:  k1', 'api key: wmc_k1_secret']);
    expect(err.join('\n')).toMatch(/only time .* cannot be shown again/);
  });

  it('reports a revocation, and fails when there was no active key to revoke', async () => {
    const revoked = await runCommissionersCommand(
      { name: 'commissioners revoke', keyId: 'k1' },
      store({ revoke: async () => true }),
      output,
    );
    expect(revoked).toBe(0);
    expect(out).toEqual(['revoked k1']);
    const missing = await runCommissionersCommand(
      { name: 'commissioners revoke', keyId: 'k2' },
      store({ revoke: async () => false }),
      output,
    );
    expect(missing).toBe(1);
    expect(err).toEqual(['error: no active commissioner key "k2" (unknown, or revoked already)']);
  });

  it('lists keys as an aligned table', async () => {
    const list = jest.fn(async () => [
      summary({ label: 'dashboard' }),
      summary({ keyId: 'fedcba9876543210', revokedAt: new Date('2026-11-02T10:00:00Z') }),
    ]);
    const code = await runCommissionersCommand(
      { name: 'commissioners list', commissionerId: 'city-council' },
      store({ list }),
      output,
    );
    expect(code).toBe(0);
    expect(list).toHaveBeenCalledWith('city-council');
    expect(out).toEqual([
      'KEY ID            COMMISSIONER  CREATED                   REVOKED                   LABEL',
      '0123456789abcdef  city-council  2026-11-01T09:00:00.000Z  -                         dashboard',
      'fedcba9876543210  city-council  2026-11-01T09:00:00.000Z  2026-11-02T10:00:00.000Z',
    ]);
  });

  it('lists every commissioner when none is named, and says so when there are no keys', async () => {
    const list = jest.fn(async () => []);
    await runCommissionersCommand({ name: 'commissioners list' }, store({ list }), output);
    expect(list).toHaveBeenCalledWith(undefined);
    expect(out).toEqual(['no keys']);
  });
});
