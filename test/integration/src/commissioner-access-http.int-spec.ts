import { CredentialStore, SchemaDataSource } from '@waymark/api-keys';
import { PROVIDERS } from '@waymark/provider-access';
import { DataSource } from 'typeorm';
import { CommissionerTestApp, startCommissionerTestApp } from './commissioner-access-test-app';
import { call } from './provider-access-test-app';
import { createThrowawayDatabase, openProviderApiDataSource } from './provider-access-test-support';

/** ApiKeyGuard for commissioners in a Nest app on real PostgreSQL, beside a default connection as in measures-service. */
describe('commissioner authentication over HTTP', () => {
  const ttlMs = 500;
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let app: CommissionerTestApp;
  let apiKey: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    app = await startCommissionerTestApp(database.url, { ttlMs });
    ({ apiKey } = await app.credentials.issue('city-council'));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const expectUnauthorized = (reply: Awaited<ReturnType<typeof call>>, challenge: string, detail: RegExp) => {
    expect(reply.status).toBe(401);
    expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(reply.headers.get('www-authenticate')).toBe(challenge);
    expect(reply.body).toMatchObject({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401 });
    expect((reply.body as { detail: string }).detail).toMatch(detail);
  };
  const invalid = 'Bearer realm="waymark", error="invalid_token"';

  it('migrated the commissioner_access schema at start-up, leaving the default connection alone', async () => {
    const tables = await app.defaultDataSource.query(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
    );
    expect(tables).toEqual([
      { schema: 'commissioner_access', name: 'commissioner_credentials' },
      { schema: 'commissioner_access', name: 'commissioner_sessions' },
      { schema: 'commissioner_access', name: 'migrations' },
    ]);
    expect(app.defaultDataSource).not.toBeInstanceOf(SchemaDataSource);
  });

  it('lets a commissioner in with a Bearer key, and tells the handler who it is', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey });
    expect(reply).toMatchObject({ status: 200, body: { commissionerId: 'city-council' } });
  });

  it('takes the key from X-API-Key as well', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { headers: { 'x-api-key': apiKey } });
    expect(reply).toMatchObject({ status: 200, body: { commissionerId: 'city-council' } });
  });

  it('answers a request without a key with a 401 problem and a Bearer challenge', async () => {
    expectUnauthorized(await call(app.baseUrl, 'GET', '/whoami'), 'Bearer realm="waymark"', /Authorization: Bearer/);
  });

  it('refuses an Authorization header of another scheme', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectUnauthorized(reply, 'Bearer realm="waymark"', /Bearer scheme/);
  });

  it('refuses a provider key: a real one, and a commissioner key passed off as one', async () => {
    let providerSource: DataSource | undefined;
    try {
      providerSource = await openProviderApiDataSource(database.url);
      const providerKey = (await new CredentialStore(providerSource, PROVIDERS).issue('council-housing')).apiKey;
      for (const wrong of [providerKey, apiKey.replace(/^wmc_/, 'wmk_')]) {
        const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey: wrong });
        expectUnauthorized(reply, invalid, /not valid, or has been revoked/);
      }
    } finally {
      await providerSource?.destroy();
    }
  });

  it('refuses a malformed key, an unknown key id and a wrong secret alike', async () => {
    const keyId = apiKey.split('_')[1];
    const otherKey = (await app.credentials.issue('ics-north')).apiKey;
    const otherSecret = otherKey.slice(`wmc_${keyId}_`.length);
    for (const wrong of ['nonsense', apiKey.replace(keyId, 'ffffffffffffffff'), `wmc_${keyId}_${otherSecret}`]) {
      const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey: wrong });
      expectUnauthorized(reply, invalid, /not valid, or has been revoked/);
    }
  });

  it('lets anyone reach routes marked public', async () => {
    expect(await call(app.baseUrl, 'GET', '/whoami/public')).toMatchObject({ status: 200, body: { public: true } });
  });

  it('stops accepting a revoked key within the cache TTL', async () => {
    const issued = await app.credentials.issue('ics-north');
    expect((await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey })).status).toBe(200);
    await app.credentials.revoke(issued.keyId);
    // Within the TTL the cached success still stands: the documented window.
    expect((await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
    const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey });
    expectUnauthorized(reply, invalid, /not valid, or has been revoked/);
  });
});
