import type { CredentialStore, CredentialSummary } from '@waymark/api-keys';
import { runKeysCommand } from './keys-commands';
import { recordingOutput } from './output';

describe('runKeysCommand', () => {
  const { out, err, output, clear } = recordingOutput();

  const summary = (overrides: Partial<CredentialSummary>): CredentialSummary => ({
    keyId: '0123456789abcdef',
    ownerId: 'council-housing',
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

  beforeEach(clear);

  it('prints an issued key once, with a warning that it cannot be shown again', async () => {
    const issue = jest.fn(async () => ({ keyId: 'k1', apiKey: 'wmk_k1_secret' }));
    const code = await runKeysCommand(
      { name: 'keys issue', holders: 'providers', ownerId: 'council-housing', label: 'case system' },
      store({ issue }),
      output,
    );
    expect(code).toBe(0);
    expect(issue).toHaveBeenCalledWith('council-housing', 'case system');
    expect(out).toEqual(['key id:  k1', 'api key: wmk_k1_secret']);
    expect(err.join('\n')).toMatch(/only time .* cannot be shown again/);
  });

  it.each([
    ['providers', 'provider'],
    ['commissioners', 'commissioner'],
  ] as const)(
    'reports a revocation of a %s key, and fails when there was no active key to revoke',
    async (holders, holder) => {
      const revoke = (revoked: boolean) => store({ revoke: async () => revoked });
      expect(await runKeysCommand({ name: 'keys revoke', holders, keyId: 'k1' }, revoke(true), output)).toBe(0);
      expect(out).toEqual(['revoked k1']);
      expect(await runKeysCommand({ name: 'keys revoke', holders, keyId: 'k2' }, revoke(false), output)).toBe(1);
      expect(err).toEqual([`error: no active ${holder} key "k2" (unknown, or revoked already)`]);
    },
  );

  it('lists keys as an aligned table headed by whose keys they are', async () => {
    const list = jest.fn(async () => [
      summary({ label: 'case system' }),
      summary({ keyId: 'fedcba9876543210', revokedAt: new Date('2026-11-02T10:00:00Z') }),
    ]);
    const command = { name: 'keys list', holders: 'providers', ownerId: 'council-housing' } as const;
    expect(await runKeysCommand(command, store({ list }), output)).toBe(0);
    expect(list).toHaveBeenCalledWith('council-housing');
    expect(out).toEqual([
      'KEY ID            PROVIDER         CREATED                   REVOKED                   LABEL',
      '0123456789abcdef  council-housing  2026-11-01T09:00:00.000Z  -                         case system',
      'fedcba9876543210  council-housing  2026-11-01T09:00:00.000Z  2026-11-02T10:00:00.000Z',
    ]);

    clear();
    const commissioners = jest.fn(async () => [summary({ ownerId: 'city-council', label: 'dashboard' })]);
    await runKeysCommand({ name: 'keys list', holders: 'commissioners' }, store({ list: commissioners }), output);
    expect(commissioners).toHaveBeenCalledWith(undefined);
    expect(out).toEqual([
      'KEY ID            COMMISSIONER  CREATED                   REVOKED  LABEL',
      '0123456789abcdef  city-council  2026-11-01T09:00:00.000Z  -        dashboard',
    ]);
  });

  it('says so when there are no keys', async () => {
    await runKeysCommand({ name: 'keys list', holders: 'providers' }, store({ list: async () => [] }), output);
    expect(out).toEqual(['no keys']);
  });
});
