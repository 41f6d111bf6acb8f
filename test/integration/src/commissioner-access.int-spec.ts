import { CredentialInputError, CredentialStore } from '@waymark/api-keys';
import { COMMISSIONERS, CommissionerSessions, openCommissionerAccessDataSource } from '@waymark/commissioner-access';
import { PROVIDERS } from '@waymark/provider-access';
import { DataSource } from 'typeorm';
import { createThrowawayDatabase, openProviderApiDataSource } from './provider-access-test-support';

/** The key id and secret of a commissioner key the store issued (which always parses). */
function commissionerKeyParts(apiKey: string) {
  const parts = COMMISSIONERS.keys.parse(apiKey);
  if (!parts) throw new Error(`not a commissioner key: ${apiKey}`);
  return parts;
}

/** Commissioner credentials on real PostgreSQL, in a database of their own made from the migrations. */
describe('commissioner credentials on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let dataSource: DataSource;
  let store: CredentialStore;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    dataSource = await openCommissionerAccessDataSource(database.url);
    store = new CredentialStore(dataSource, COMMISSIONERS);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  describe('the commissioner_access schema', () => {
    it('is built from the migrations alone, recorded in commissioner_access.migrations, nothing in public', async () => {
      const tables = await dataSource.query(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      expect(tables).toEqual([
        { schema: 'commissioner_access', name: 'commissioner_credentials' },
        { schema: 'commissioner_access', name: 'commissioner_sessions' },
        { schema: 'commissioner_access', name: 'migrations' },
      ]);
      const migrations = await dataSource.query('SELECT name FROM commissioner_access.migrations ORDER BY id');
      expect(migrations.map((m: { name: string }) => m.name)).toEqual([
        'CommissionerCredentials1764547200000',
        'CommissionerSessions1765152000000',
      ]);
      expect(await dataSource.showMigrations()).toBe(false); // nothing pending
    });

    it('is left as it is when a second process starts on it', async () => {
      const second = await openCommissionerAccessDataSource(database.url);
      await second.destroy();
      expect(await dataSource.query('SELECT count(*)::int AS n FROM commissioner_access.migrations')).toEqual([
        { n: 2 },
      ]);
    });

    it('is migrated once when several processes start on a fresh database together', async () => {
      const fresh = await createThrowawayDatabase();
      try {
        const sources = await Promise.all([1, 2, 3, 4].map(() => openCommissionerAccessDataSource(fresh.url)));
        const [first] = sources;
        expect(await first?.query('SELECT count(*)::int AS n FROM commissioner_access.migrations')).toEqual([{ n: 2 }]);
        await Promise.all(sources.map((s) => s.destroy()));
      } finally {
        await fresh.drop();
      }
    });
  });

  describe('CredentialStore for commissioners', () => {
    it('authenticates an issued wmc_ key until it is revoked', async () => {
      const { keyId, apiKey } = await store.issue('city-council', 'dashboard');
      expect(apiKey.startsWith(`wmc_${keyId}_`)).toBe(true);
      expect(await store.authenticate(apiKey)).toBe('city-council');

      expect(await store.revoke(keyId)).toBe(true);
      expect(await store.authenticate(apiKey)).toBeNull();
      expect(await store.revoke(keyId)).toBe(false); // revoked already
    });

    it('refuses the right key id with a wrong secret, an unknown key id and a malformed key', async () => {
      const { keyId, apiKey } = await store.issue('city-council');
      const otherSecret = commissionerKeyParts((await store.issue('city-council')).apiKey).secret;
      expect(await store.authenticate(`wmc_${keyId}_${otherSecret}`)).toBeNull();
      expect(await store.authenticate(apiKey.replace(keyId, '0000000000000000'))).toBeNull();
      expect(await store.authenticate('wmc_nonsense')).toBeNull();
      expect(await store.authenticate(apiKey)).toBe('city-council');
    });

    it('refuses a provider key, even one whose key id and secret are a commissioner key’s', async () => {
      const { apiKey } = await store.issue('city-council');
      expect(await store.authenticate(apiKey.replace(/^wmc_/, 'wmk_'))).toBeNull();

      const providerSource = await openProviderApiDataSource(database.url);
      try {
        const providerKey = (await new CredentialStore(providerSource, PROVIDERS).issue('council-housing')).apiKey;
        expect(await new CredentialStore(providerSource, PROVIDERS).authenticate(providerKey)).toBe('council-housing');
        expect(await store.authenticate(providerKey)).toBeNull();
        // ...and the other way round: the providers' store knows nothing of commissioner keys.
        expect(await new CredentialStore(providerSource, PROVIDERS).authenticate(apiKey)).toBeNull();
      } finally {
        await providerSource.destroy();
      }
    });

    it('stores only a hash of the secret, never the key', async () => {
      const { keyId, apiKey } = await store.issue('ics-north');
      const { secret } = commissionerKeyParts(apiKey);
      const [row] = await dataSource.query(
        `SELECT row_to_json(c)::text AS text FROM commissioner_access.commissioner_credentials c WHERE key_id = $1`,
        [keyId],
      );
      expect(row.text).not.toContain(secret);
      expect(row.text).not.toContain(Buffer.from(secret).toString('hex'));
    });

    it('lists keys without secrets, for one commissioner or all', async () => {
      const { keyId } = await store.issue('county-public-health', 'analyst');
      await store.revoke((await store.issue('county-public-health')).keyId);

      const listed = await store.list('county-public-health');
      expect(listed).toHaveLength(2);
      expect(listed[0]).toEqual({
        keyId,
        ownerId: 'county-public-health',
        label: 'analyst',
        createdAt: expect.any(Date),
        revokedAt: null,
      });
      expect(listed[1].revokedAt).toBeInstanceOf(Date);
      const all = await store.list();
      expect(all.length).toBeGreaterThan(listed.length);
      expect(all).toEqual(expect.arrayContaining(listed));
      for (const key of all) {
        expect(Object.keys(key).sort()).toEqual(['createdAt', 'keyId', 'label', 'ownerId', 'revokedAt']);
      }
      expect(await store.list('nobody-here')).toEqual([]);
    });

    it('says false when revoking a key that does not exist', async () => {
      expect(await store.revoke('0000000000000000')).toBe(false);
    });

    it('refuses a bad commissioner id or label, and stores nothing for them', async () => {
      const before = await store.list();
      await expect(store.issue('City Council')).rejects.toThrow(CredentialInputError);
      await expect(store.issue('city-council', ' ')).rejects.toThrow(CredentialInputError);
      await expect(store.issue('city-council', 'x'.repeat(201))).rejects.toThrow(CredentialInputError);
      expect(await store.list()).toEqual(before);
    });
  });

  describe('CommissionerSessions', () => {
    const sessions = () => new CommissionerSessions(dataSource);

    it('finds a session by its token until it is ended, and stores only a hash of the token', async () => {
      const { keyId } = await store.issue('city-council');
      const { token, expiresAt } = await sessions().start(keyId, 'city-council', 3_600_000);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3_500_000);
      expect(await sessions().find(token)).toEqual({ commissionerId: 'city-council', keyId, expiresAt });
      const rows = await dataSource.query(
        `SELECT row_to_json(s)::text AS text FROM commissioner_access.commissioner_sessions s WHERE key_id = $1`,
        [keyId],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].text).not.toContain(token);
      expect(rows[0].text).not.toContain(Buffer.from(token, 'base64url').toString('hex'));

      await sessions().end(token);
      expect(await sessions().find(token)).toBeNull();
      await sessions().end(token); // gone already: fine
    });

    it('ends every session of a key when the key is revoked', async () => {
      const { keyId } = await store.issue('ics-north');
      const [a, b] = [
        await sessions().start(keyId, 'ics-north', 60_000),
        await sessions().start(keyId, 'ics-north', 60_000),
      ];
      expect(await sessions().find(a.token)).not.toBeNull();
      await store.revoke(keyId);
      expect(await sessions().find(a.token)).toBeNull();
      expect(await sessions().find(b.token)).toBeNull();
    });

    it('does not find an expired session, and clears expired ones out when the next starts', async () => {
      const { keyId } = await store.issue('county-public-health');
      const expired = await sessions().start(keyId, 'county-public-health', 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await sessions().find(expired.token)).toBeNull();
      await sessions().start(keyId, 'county-public-health', 60_000);
      const left = await dataSource.query(
        `SELECT count(*)::int AS n FROM commissioner_access.commissioner_sessions WHERE expires_at <= now()`,
      );
      expect(left).toEqual([{ n: 0 }]);
    });

    it('finds nothing for an unknown or malformed token', async () => {
      expect(await sessions().find('A'.repeat(43))).toBeNull();
      expect(await sessions().find('not a token')).toBeNull();
      expect(await sessions().find("'; DROP TABLE x; --")).toBeNull();
    });
  });
});
