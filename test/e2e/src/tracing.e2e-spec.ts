import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { join } from 'node:path';
import {
  eventually,
  issueKey,
  json,
  providerClient,
  RunningService,
  startService,
  testPort,
} from '@waymark/test-support';

interface CollectedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

interface OtlpJson {
  resourceSpans?: {
    resource?: { attributes?: { key: string; value: { stringValue?: string } }[] };
    scopeSpans?: { spans?: { name: string; traceId: string; spanId: string; parentSpanId?: string }[] }[];
  }[];
}

/** A tiny OTLP/HTTP (JSON) collector: what the services export, in this process. */
function startCollector(port: number): Promise<{ spans: CollectedSpan[]; server: Server }> {
  const spans: CollectedSpan[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpJson;
      for (const resourceSpans of body.resourceSpans ?? []) {
        const service =
          resourceSpans.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const scope of resourceSpans.scopeSpans ?? []) {
          for (const { name, traceId, spanId, parentSpanId } of scope.spans ?? []) {
            spans.push({ service, name, traceId, spanId, parentSpanId: parentSpanId || undefined });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ spans, server })));
}

/** The names of a span and all its ancestors, from the span up to the root. */
function ancestry(spans: CollectedSpan[], span: CollectedSpan): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const names: string[] = [];
  for (let at: CollectedSpan | undefined = span; at; at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined) {
    names.push(`${at.service}: ${at.name}`);
  }
  return names;
}

/**
 * One command's trace across the real stack: journey-api's HTTP span → the Temporal client → the workflow → the
 * publishing activity → Kafka → measures-service's projection commit, all one trace id, exported by each service
 * over OTLP/HTTP to a collector in this test. And the services' logs: request ids, journey ids and trace ids, never
 * the person reference or the API key.
 */
describe('tracing and logs across the services', () => {
  const logDir = join(__dirname, '../../../tmp/e2e-logs/tracing');
  const collectorPort = testPort(3190);
  let collector: { spans: CollectedSpan[]; server: Server };
  let services: RunningService[] = [];
  let api: RunningService;
  let apiKey: string;
  const personRef = `tracecheck-${randomUUID()}`;
  // The caller's own trace: the API continues it.
  const traceId = randomBytes(16).toString('hex');
  const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

  // The workflow's own span (RunWorkflow, the publishing activity's parent) ends only when the journey does, so it is
  // not exported yet: the spans of each step are, and the chains API → Temporal and activity → commit are whole.
  const step = {
    http: /^journey-api: POST \/v1\/journeys/,
    client: /^journey-api: (StartWorkflow|UpdateWithStartWorkflow|SignalWithStartWorkflow|StartWorkflowUpdate)/,
    activity: /^journey-worker: RunActivity:/,
    commit: 'measures-service: projection commit',
  };
  const named = (span: CollectedSpan) => `${span.service}: ${span.name}`;
  const matches = (span: CollectedSpan, name: string | RegExp) =>
    typeof name === 'string' ? named(span) === name : name.test(named(span));
  const find = (trace: CollectedSpan[], name: string | RegExp) => trace.find((s) => matches(s, name)) as CollectedSpan;
  /** The spans of trace `id` once it has every step, from the API's HTTP span to the projection commit. */
  const traceWithEveryStep = (id: string) =>
    eventually(
      async () => collector.spans.filter((s) => s.traceId === id),
      (spans) => Object.values(step).every((name) => spans.some((s) => matches(s, name))),
    );

  beforeAll(async () => {
    collector = await startCollector(collectorPort);
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    services = await Promise.all([
      startService('measures-service', testPort(3191), otel, { logDir }),
      startService('journey-worker', testPort(3192), otel, { logDir }),
      startService('journey-api', testPort(3193), otel, { logDir }),
    ]);
    api = services[2];
    apiKey = issueKey('council-housing');
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await new Promise((resolve) => collector?.server.close(resolve));
    expect(codes).toEqual([0, 0, 0]);
  });

  it('follows one command from the API through the workflow and Kafka to the projection commit in one trace', async () => {
    const response = await fetch(`${api.url}/v1/journeys`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        traceparent,
      },
      body: JSON.stringify({
        personRef,
        areaCode: 'E2E-TRACE',
        ageBand: '35-49',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
      }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const trace = await traceWithEveryStep(traceId);
    // The caller's span is the API's parent; the Temporal call is the API's child.
    expect(find(trace, step.http).parentSpanId).toBe(traceparent.split('-')[2]);
    expect(find(trace, step.client).parentSpanId).toBe(find(trace, step.http).spanId);
    // From the commit back up to the activity that published the event.
    expect(ancestry(trace, find(trace, step.commit)).slice(0, 3)).toEqual([
      step.commit,
      'measures-service: waymark.journey-events.v1 process',
      named(find(trace, step.activity)),
    ]);
    const services = new Set(trace.map((s) => s.service));
    expect([...services].sort()).toEqual(['journey-api', 'journey-worker', 'measures-service']);
  });

  it('follows a later command on the same journey in a trace of its own, not the opening one', async () => {
    const opened = await providerClient(api.url, apiKey).post('/v1/journeys', {
      personRef,
      areaCode: 'E2E-TRACE',
      ageBand: '25-34',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(opened.status).toBe(201);
    const { journeyId } = await json<{ journeyId: string }>(opened);
    const laterTraceId = randomBytes(16).toString('hex');
    const response = await fetch(`${api.url}/v1/journeys/${journeyId}/contacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
        traceparent: `00-${laterTraceId}-${randomBytes(8).toString('hex')}-01`,
      },
      body: JSON.stringify({
        occurredAt: new Date(Date.now() - 1_800_000).toISOString(),
        channel: 'phone',
        minutesSpent: 10,
        demand: 'value',
        valueKind: 'progress',
      }),
    });
    expect(response.status).toBe(201);

    const trace = await traceWithEveryStep(laterTraceId);
    expect(ancestry(trace, find(trace, step.commit)).slice(0, 3)).toEqual([
      step.commit,
      'measures-service: waymark.journey-events.v1 process',
      named(find(trace, step.activity)),
    ]);
  });

  it('logs request ids, journey ids and trace ids, and no person reference or API key', async () => {
    const opened = await providerClient(api.url, apiKey).post('/v1/journeys', {
      personRef,
      areaCode: 'E2E-TRACE',
      ageBand: '18-24',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(opened.status).toBe(201);
    const { journeyId } = await json<{ journeyId: string }>(opened);
    const read = await fetch(`${api.url}/v1/journeys/${journeyId}`, {
      headers: { authorization: `Bearer ${apiKey}`, 'x-request-id': 'trace-check-read', traceparent },
    });
    expect(read.status).toBe(200);
    expect(read.headers.get('x-request-id')).toBe('trace-check-read');

    const logOf = (name: string) => readFileSync(join(logDir, `${name}.log`), 'utf8');
    const line = await eventually(
      async () =>
        logOf('journey-api')
          .split('\n')
          .find((l) => l.includes('"trace-check-read"')),
      Boolean,
    );
    expect(JSON.parse(line as string)).toMatchObject({
      service: 'journey-api',
      req: { id: 'trace-check-read' },
      journeyId,
      trace_id: traceId,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    for (const name of ['journey-api', 'journey-worker', 'measures-service']) {
      const text = logOf(name);
      expect(text.length).toBeGreaterThan(0);
      expect(text).not.toContain(personRef);
      expect(text).not.toContain(apiKey);
    }
  });
});
