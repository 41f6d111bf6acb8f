import pino from 'pino';
import { ManagementServer, startManagementServer } from './management-server';

describe('management server', () => {
  let server: ManagementServer;
  let postgresUp = true;
  let moving = true;
  const warnings: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => warnings.push(line) });

  beforeAll(async () => {
    server = await startManagementServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checks: {
        ready: [
          {
            name: 'postgres',
            check: async () => {
              if (!postgresUp) throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (password for "waymark")');
            },
          },
          { name: 'kafka', check: async () => undefined },
        ],
        live: [{ name: 'reads', alive: () => moving }],
      },
    });
  });

  afterAll(() => server.close());

  const get = async (path: string, method = 'GET') => {
    const response = await fetch(`${server.url}${path}`, { method });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };

  it('says ready, naming each check', async () => {
    const ready = await get('/health/ready');
    expect(ready.status).toBe(200);
    expect(JSON.parse(ready.body)).toEqual({ status: 'ok', checks: { postgres: 'up', kafka: 'up' } });
  });

  it('says which dependency is down but not why; the reason goes to the log, once', async () => {
    postgresUp = false;
    try {
      const ready = await get('/health/ready');
      await get('/health/ready');
      expect(ready.status).toBe(503);
      expect(JSON.parse(ready.body)).toEqual({ status: 'error', checks: { postgres: 'down', kafka: 'up' } });
      expect(ready.body).not.toMatch(/ECONNREFUSED|10\.1\.2\.3|password/);
      const logged = warnings.filter((line) => line.includes('ECONNREFUSED'));
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain('readiness: postgres is down');
    } finally {
      postgresUp = true;
    }
    expect((await get('/health/ready')).status).toBe(200);
    expect(warnings.some((line) => line.includes('readiness: postgres is up again'))).toBe(true);
  });

  it('fails liveness, naming the check, once something has stopped for good', async () => {
    expect(JSON.parse((await get('/health/live')).body)).toEqual({ status: 'ok', checks: { reads: 'up' } });
    moving = false;
    try {
      const live = await get('/health/live');
      expect(live.status).toBe(503);
      expect(JSON.parse(live.body)).toEqual({ status: 'error', checks: { reads: 'down' } });
    } finally {
      moving = true;
    }
  });

  it('serves Prometheus metrics, the process’ own included', async () => {
    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toMatch(/^process_cpu_user_seconds_total \d/m);
  });

  it('turns readiness away once the service is stopping, and keeps liveness', async () => {
    const stopping = await startManagementServer({ host: '127.0.0.1', port: 0, logger, checks: { ready: [] } });
    try {
      stopping.stopping();
      const ready = await fetch(`${stopping.url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'stopping', checks: {} });
      expect((await fetch(`${stopping.url}/health/live`)).status).toBe(200);
    } finally {
      await stopping.close();
    }
  });

  it('reports the details of parts that do not decide readiness, still ready while one is disconnected', async () => {
    const withDetails = await startManagementServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checks: {
        ready: [{ name: 'postgres', check: async () => undefined }],
        details: [
          { name: 'consumer', report: () => ({ connected: false, lagMessages: 12, lastCommitAgeSeconds: null }) },
          {
            name: 'broken',
            report: async () => {
              throw new Error('connect ECONNREFUSED 10.1.2.3:9092');
            },
          },
        ],
      },
    });
    try {
      const ready = await fetch(`${withDetails.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({
        status: 'ok',
        checks: { postgres: 'up' },
        details: {
          consumer: { connected: false, lagMessages: 12, lastCommitAgeSeconds: null },
          broken: { known: false },
        },
      });
    } finally {
      await withDetails.close();
    }
  });

  it('answers anything else with a problem', async () => {
    expect(await get('/v1/measures')).toMatchObject({ status: 404, type: 'application/problem+json' });
    expect(await get('/metrics', 'POST')).toMatchObject({ status: 405, type: 'application/problem+json' });
  });

  it('appends the pages of forwarded exporters to /metrics, and still answers when one is down', async () => {
    const exporter = await startManagementServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checks: { ready: [], live: [] },
    });
    const withForward = await startManagementServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      checks: { ready: [], live: [] },
      forwardMetrics: [`${exporter.url}/metrics`, 'http://127.0.0.1:1/metrics'],
    });
    try {
      const response = await fetch(`${withForward.url}/metrics`);
      expect(response.status).toBe(200);
      const text = await response.text();
      // Its own page and the exporter's: the process metrics twice.
      expect(text.match(/^# TYPE process_cpu_user_seconds_total/gm)).toHaveLength(2);
      expect(warnings.some((line) => line.includes('a forwarded exporter did not answer'))).toBe(true);
    } finally {
      await withForward.close();
      await exporter.close();
    }
  });
});
