import { PILOT_PROVIDERS } from '@waymark/pilot-simulation';
import { PILOT_COMMISSIONER, PILOT_KEY_LABEL, preparePilot } from './pilot-setup';

/** A key store in memory, as the credential stores behave (list includes revoked keys). */
function memoryKeys() {
  const keys: { keyId: string; owner: string; label: string | null; revokedAt: Date | null }[] = [];
  return {
    keys,
    issue: async (owner: string, label?: string) => {
      const keyId = `k${keys.length + 1}`;
      keys.push({ keyId, owner, label: label ?? null, revokedAt: null });
      return { keyId, apiKey: `secret-${keyId}` };
    },
    revoke: async (keyId: string) => {
      const key = keys.find((k) => k.keyId === keyId && !k.revokedAt);
      if (key) key.revokedAt = new Date();
      return key !== undefined;
    },
    list: async (owner: string) => keys.filter((k) => k.owner === owner),
  };
}

describe('setting the pilot up', () => {
  it('issues a key and sets a rate for every provider, and a commissioner key', async () => {
    const providerKeys = memoryKeys();
    const commissionerKeys = memoryKeys();
    const rates = new Map<string, string>();
    const prepared = await preparePilot({
      providerKeys,
      commissionerKeys,
      rates: { set: async (p, r) => void rates.set(p, r) },
    });
    expect([...prepared.apiKeys.keys()]).toEqual(PILOT_PROVIDERS.map((p) => p.id));
    expect(Object.fromEntries(rates)).toEqual(Object.fromEntries(PILOT_PROVIDERS.map((p) => [p.id, p.hourlyRate])));
    expect(providerKeys.keys.every((k) => k.label === PILOT_KEY_LABEL)).toBe(true);
    expect(prepared.commissioner).toEqual({ commissionerId: PILOT_COMMISSIONER, keyId: 'k1', apiKey: 'secret-k1' });
    expect(prepared.setUpBefore).toBe(false);
  });

  it("on a rerun revokes its own earlier keys, and nobody else's, so keys never pile up", async () => {
    const providerKeys = memoryKeys();
    const commissionerKeys = memoryKeys();
    const stores = { providerKeys, commissionerKeys, rates: { set: async () => undefined } };
    const council = PILOT_PROVIDERS[0]?.id as string;
    await providerKeys.issue(council, 'case system');
    await preparePilot(stores);
    const again = await preparePilot(stores);
    expect(again.setUpBefore).toBe(true);

    const active = (owner: string) => providerKeys.keys.filter((k) => k.owner === owner && !k.revokedAt);
    expect(active(council).map((k) => k.label)).toEqual(['case system', PILOT_KEY_LABEL]);
    expect(active(council).find((k) => k.label === PILOT_KEY_LABEL)?.keyId).toBe(
      again.apiKeys.get(council)?.replace('secret-', ''),
    );
    for (const provider of PILOT_PROVIDERS)
      expect(active(provider.id).filter((k) => k.label === PILOT_KEY_LABEL)).toHaveLength(1);
    expect(commissionerKeys.keys.filter((k) => !k.revokedAt)).toHaveLength(1);
  });
});
