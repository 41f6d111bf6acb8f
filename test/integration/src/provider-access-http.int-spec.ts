import { call, startTestApp, TestApp } from './provider-access-test-app';
import { createThrowawayDatabase, keyParts } from './provider-access-test-support';

/** ApiKeyGuard for providers in a Nest app on real PostgreSQL. */
describe('provider authentication over HTTP', () => {
  const ttlMs = 500;
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let app: TestApp;
  let apiKey: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    app = await startTestApp(database.url, { ttlMs });
    ({ apiKey } = await app.credentials.issue('council-housing'));
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

  it('lets a provider in with a Bearer key, and tells the handler who it is', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey });
    expect(reply).toMatchObject({ status: 200, body: { providerId: 'council-housing' } });
  });

  it('takes the key from X-API-Key as well', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { headers: { 'x-api-key': apiKey } });
    expect(reply).toMatchObject({ status: 200, body: { providerId: 'council-housing' } });
  });

  it('answers a request without a key with a 401 problem and a Bearer challenge', async () => {
    expectUnauthorized(await call(app.baseUrl, 'GET', '/whoami'), 'Bearer realm="waymark"', /Authorization: Bearer/);
  });

  it('refuses an Authorization header of another scheme', async () => {
    const reply = await call(app.baseUrl, 'GET', '/whoami', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectUnauthorized(reply, 'Bearer realm="waymark"', /Bearer scheme/);
  });

  it('refuses a malformed key, an unknown key id and a wrong secret alike', async () => {
    const keyId = keyParts(apiKey).keyId;
    const otherSecret = keyParts((await app.credentials.issue('food-bank')).apiKey).secret;
    for (const wrong of ['nonsense', apiKey.replace(keyId, 'ffffffffffffffff'), `wmk_${keyId}_${otherSecret}`]) {
      const reply = await call(app.baseUrl, 'GET', '/whoami', { apiKey: wrong });
      expectUnauthorized(reply, 'Bearer realm="waymark", error="invalid_token"', /not valid, or has been revoked/);
    }
  });

  it('lets anyone reach routes marked public', async () => {
    expect(await call(app.baseUrl, 'GET', '/whoami/public')).toMatchObject({ status: 200, body: { public: true } });
  });

  it('stops accepting a revoked key within the cache TTL', async () => {
    const issued = await app.credentials.issue('food-bank');
    expect((await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey })).status).toBe(200);
    await app.credentials.revoke(issued.keyId);
    // Within the TTL the cached success still stands: the documented window.
    expect((await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, ttlMs + 50));
    expect((await call(app.baseUrl, 'GET', '/whoami', { apiKey: issued.apiKey })).status).toBe(401);
  });
});
