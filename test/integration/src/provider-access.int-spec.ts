import { CredentialInputError, CredentialStore } from '@waymark/api-keys';
import { PROVIDERS } from '@waymark/provider-access';
import { DataSource } from 'typeorm';
import { createThrowawayDatabase, keyParts, openProviderApiDataSource } from './provider-access-test-support';

/** Provider credentials on real PostgreSQL, in a database of their own made from the migrations. */
describe('provider credentials on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let dataSource: DataSource;
  let store: CredentialStore;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    dataSource = await openProviderApiDataSource(database.url);
    store = new CredentialStore(dataSource, PROVIDERS);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  describe('the provider_api schema', () => {
    it('is built from the migrations alone, recorded in provider_api.migrations, nothing in public', async () => {
      const tables = await dataSource.query(
        `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      expect(tables).toEqual([
        { schema: 'provider_api', name: 'idempotency_records' },
        { schema: 'provider_api', name: 'migrations' },
        { schema: 'provider_api', name: 'provider_credentials' },
      ]);
      const migrations = await dataSource.query('SELECT name FROM provider_api.migrations ORDER BY id');
      expect(migrations.map((m: { name: string }) => m.name)).toEqual([
        'ProviderCredentials1764460800000',
        'IdempotencyRecords1764460860000',
        'IdempotencyRetention1764921600000',
      ]);
      expect(await dataSource.showMigrations()).toBe(false); // nothing pending
    });

    it('is left as it is when a second process starts on it', async () => {
      const second = await openProviderApiDataSource(database.url);
      await second.destroy();
      expect(await dataSource.query('SELECT count(*)::int AS n FROM provider_api.migrations')).toEqual([{ n: 3 }]);
    });
  });

  describe('CredentialStore', () => {
    it('authenticates an issued key until it is revoked', async () => {
      const { keyId, apiKey } = await store.issue('council-housing', 'case system');
      expect(apiKey.startsWith(`wmk_${keyId}_`)).toBe(true);
      expect(await store.authenticate(apiKey)).toBe('council-housing');

      expect(await store.revoke(keyId)).toBe(true);
      expect(await store.authenticate(apiKey)).toBeNull();
      expect(await store.revoke(keyId)).toBe(false); // revoked already
    });

    it('refuses the right key id with a wrong secret, an unknown key id and a malformed key', async () => {
      const { keyId, apiKey } = await store.issue('council-housing');
      const otherSecret = keyParts((await store.issue('council-housing')).apiKey).secret;
      expect(await store.authenticate(`wmk_${keyId}_${otherSecret}`)).toBeNull();
      expect(await store.authenticate(apiKey.replace(keyId, '0000000000000000'))).toBeNull();
      expect(await store.authenticate('wmk_nonsense')).toBeNull();
      expect(await store.authenticate(apiKey)).toBe('council-housing');
    });

    it('stores only a hash of the secret, never the key', async () => {
      const { keyId, apiKey } = await store.issue('food-bank');
      const { secret } = keyParts(apiKey);
      const [row] = await dataSource.query(
        `SELECT row_to_json(c)::text AS text FROM provider_api.provider_credentials c WHERE key_id = $1`,
        [keyId],
      );
      expect(row.text).not.toContain(secret);
      expect(row.text).not.toContain(Buffer.from(secret).toString('hex'));
    });

    it('lists keys without secrets, for one provider or all', async () => {
      const { keyId } = await store.issue('debt-advice', 'advice line');
      await store.revoke((await store.issue('debt-advice')).keyId);

      const listed = await store.list('debt-advice');
      expect(listed).toHaveLength(2);
      expect(listed[0]).toEqual({
        keyId,
        ownerId: 'debt-advice',
        label: 'advice line',
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
    });

    it('says false when revoking a key that does not exist', async () => {
      expect(await store.revoke('0000000000000000')).toBe(false);
    });

    it('refuses a bad provider id or label', async () => {
      await expect(store.issue('Council Housing')).rejects.toThrow(CredentialInputError);
      await expect(store.issue('council-housing', ' ')).rejects.toThrow(CredentialInputError);
      await expect(store.issue('council-housing', 'x'.repeat(201))).rejects.toThrow(CredentialInputError);
    });
  });
});
