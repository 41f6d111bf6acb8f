import type { CredentialStore, CredentialSummary } from '@waymark/provider-access';
import { runKeysCommand } from './keys-commands';

describe('runKeysCommand', () => {
  let out: string[];
  let err: string[];
  const output = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

  const summary = (overrides: Partial<CredentialSummary>): CredentialSummary => ({
    keyId: '0123456789abcdef',
    providerId: 'council-housing',
    label: null,
    createdAt: new Date('2026-11-01T09:00:00Z'),
    revokedAt: null,
    ...overrides,
  });
  const store = (overrides: Partial<Pick<CredentialStore, 'issue' | 'revoke' | 'list'>>) => ({
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
    const issue = jest.fn(async () => ({ keyId: 'k1', apiKey: 'wmk_k1_secret' }));
    const code = await runKeysCommand(
      { name: 'keys issue', providerId: 'council-housing', label: 'case system' },
      store({ issue }),
      output,
    );
    expect(code).toBe(0);
    expect(issue).toHaveBeenCalledWith('council-housing', 'case system');
    expect(out).toEqual(['key id:  k1', 'api key: wmk_k1_secret']);
    expect(err.join('\n')).toMatch(/only time .* cannot be shown again/);
  });

  it('reports a revocation, and fails when there was no active key to revoke', async () => {
    expect(
      await runKeysCommand({ name: 'keys revoke', keyId: 'k1' }, store({ revoke: async () => true }), output),
    ).toBe(0);
    expect(out).toEqual(['revoked k1']);
    expect(
      await runKeysCommand({ name: 'keys revoke', keyId: 'k2' }, store({ revoke: async () => false }), output),
    ).toBe(1);
    expect(err).toEqual(['error: no active key "k2" (unknown, or revoked already)']);
  });

  it('lists keys as an aligned table', async () => {
    const list = jest.fn(async () => [
      summary({ label: 'case system' }),
      summary({ keyId: 'fedcba9876543210', revokedAt: new Date('2026-11-02T10:00:00Z') }),
    ]);
    expect(await runKeysCommand({ name: 'keys list', providerId: 'council-housing' }, store({ list }), output)).toBe(0);
    expect(list).toHaveBeenCalledWith('council-housing');
    expect(out).toEqual([
      'KEY ID            PROVIDER         CREATED                   REVOKED                   LABEL',
      '0123456789abcdef  council-housing  2026-11-01T09:00:00.000Z  -                         case system',
      'fedcba9876543210  council-housing  2026-11-01T09:00:00.000Z  2026-11-02T10:00:00.000Z',
    ]);
  });

  it('says so when there are no keys', async () => {
    await runKeysCommand({ name: 'keys list' }, store({ list: async () => [] }), output);
    expect(out).toEqual(['no keys']);
  });
});
