import { call, CallOptions, startTestApp, TestApp } from './provider-access-test-app';
import { createThrowawayDatabase } from './provider-access-test-support';

/** IdempotencyInterceptor behind the providers' ApiKeyGuard in a Nest app on real PostgreSQL. */
describe('idempotent POSTs over HTTP', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let app: TestApp;
  let apiKey: string;
  let otherProviderKey: string;
  let n = 0;
  const newKey = () => `idem-${++n}`;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    app = await startTestApp(database.url);
    ({ apiKey } = await app.credentials.issue('council-housing'));
    ({ apiKey: otherProviderKey } = await app.credentials.issue('food-bank'));
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const post = (path: string, options: CallOptions) => call(app.baseUrl, 'POST', path, { apiKey, ...options });

  it('requires an Idempotency-Key on POST, naming the header in a 400 problem', async () => {
    const before = app.runs.count;
    for (const idempotencyKey of [undefined, 'x'.repeat(256)]) {
      const reply = await post('/things', { idempotencyKey, json: '{"name":"a"}' });
      expect(reply.status).toBe(400);
      expect(reply.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(reply.body).toMatchObject({ type: '/problems/idempotency-key-invalid', status: 400 });
      expect((reply.body as { detail: string }).detail).toContain('Idempotency-Key');
    }
    expect(app.runs.count).toBe(before);
  });

  it('leaves other methods alone', async () => {
    expect((await call(app.baseUrl, 'GET', '/things', { apiKey })).status).toBe(200);
  });

  it('replays the first response to a repeat, even with keys reordered and spaced differently', async () => {
    const idempotencyKey = newKey();
    const first = await post('/things', { idempotencyKey, json: '{"name":"bed","tags":["x","y"]}' });
    expect(first).toMatchObject({
      status: 201,
      body: { providerId: 'council-housing', name: 'bed', tags: ['x', 'y'] },
    });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const runs = app.runs.count;

    const repeat = await post('/things', { idempotencyKey, json: '{ "tags": [ "x", "y" ],\n  "name": "bed" }' });
    expect(repeat).toMatchObject({ status: 201, body: first.body });
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
    expect(app.runs.count).toBe(runs);
  });

  it('replays the status the handler chose, not the route default', async () => {
    const idempotencyKey = newKey();
    const first = await post('/things/existing', { idempotencyKey });
    expect(first.status).toBe(200);
    expect(await post('/things/existing', { idempotencyKey })).toMatchObject({ status: 200, body: first.body });
  });

  it('refuses the key with a different body, or on a different path, with a 422 problem', async () => {
    const idempotencyKey = newKey();
    await post('/things', { idempotencyKey, json: '{"name":"bed"}' });
    for (const [path, json] of [
      ['/things', '{"name":"chair"}'],
      ['/things/existing', undefined],
    ]) {
      const reply = await post(path as string, { idempotencyKey, json });
      expect(reply).toMatchObject({ status: 422, body: { type: '/problems/idempotency-key-reused', status: 422 } });
    }
  });

  it('scopes keys per provider', async () => {
    const idempotencyKey = newKey();
    await post('/things', { idempotencyKey, json: '{"name":"bed"}' });
    const other = await post('/things', { apiKey: otherProviderKey, idempotencyKey, json: '{"name":"cot"}' });
    expect(other).toMatchObject({ status: 201, body: { providerId: 'food-bank', name: 'cot' } });
    expect(other.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays a validation problem: the same invalid request fails the same way', async () => {
    const idempotencyKey = newKey();
    const first = await post('/things', { idempotencyKey, json: '{"name":""}' });
    expect(first).toMatchObject({ status: 400, body: { type: '/problems/validation' } });
    const repeat = await post('/things', { idempotencyKey, json: '{"name":""}' });
    expect(repeat).toMatchObject({ status: 400, body: first.body });
    expect(repeat.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(repeat.headers.get('idempotent-replayed')).toBe('true');
  });

  it('replays a rule refusal (422) without running the handler again', async () => {
    const idempotencyKey = newKey();
    const first = await post('/things/refused', { idempotencyKey });
    const runs = app.runs.count;
    const repeat = await post('/things/refused', { idempotencyKey });
    expect(first).toMatchObject({ status: 422, body: { type: '/problems/rule-violated' } });
    expect(repeat).toMatchObject({ status: 422, body: first.body });
    expect(app.runs.count).toBe(runs);
  });

  it('records no 5xx: a retry with the same key runs the handler again', async () => {
    const idempotencyKey = newKey();
    const runs = app.runs.count;
    expect((await post('/things/crash', { idempotencyKey })).status).toBe(500);
    const retry = await post('/things/crash', { idempotencyKey });
    expect(retry.status).toBe(500);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(app.runs.count).toBe(runs + 2);
  });

  it('answers a repeat while the first is still running with 409 and Retry-After: 1', async () => {
    const idempotencyKey = newKey();
    const first = post('/things/slow', { idempotencyKey });
    while (!app.gate.entered) await new Promise((resolve) => setTimeout(resolve, 10));

    const meanwhile = await post('/things/slow', { idempotencyKey });
    expect(meanwhile).toMatchObject({
      status: 409,
      body: { type: '/problems/idempotency-key-in-progress', status: 409 },
    });
    expect(meanwhile.headers.get('retry-after')).toBe('1');

    app.gate.open();
    const done = await first;
    expect(done.status).toBe(201);
    expect(await post('/things/slow', { idempotencyKey })).toMatchObject({ status: 201, body: done.body });
  });

  it('authenticates before anything else: no key, no idempotency record', async () => {
    const reply = await call(app.baseUrl, 'POST', '/things', { idempotencyKey: newKey(), json: '{"name":"a"}' });
    expect(reply.status).toBe(401);
  });
});
