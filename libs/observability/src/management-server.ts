import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { collectDefaultMetrics, register } from 'prom-client';
import { details, HealthChecks, liveness, ProbeAnswer, readiness } from './health-checks';

/** What the management server logs with: pino's, or nestjs-pino's PinoLogger. */
type ManagementLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface ManagementOptions {
  host: string;
  port: number;
  checks: HealthChecks;
  logger: ManagementLogger;
  /** Metrics pages of the same process served elsewhere (the Temporal SDK's exporter), appended to `/metrics`. */
  forwardMetrics?: string[];
}

/** A running management server; `stopping()` turns readiness away while the service shuts down. */
export interface ManagementServer {
  url: string;
  stopping(): void;
  close(): Promise<void>;
}

/**
 * Health probes and Prometheus metrics on a port of their own, apart from the public API (decision 0012):
 * bound to 127.0.0.1 unless ops choose otherwise, answered without credentials and without going through the
 * public port's queue. `GET /health/live`, `GET /health/ready` (which check is down, never why: that is logged; with
 * the `details` of parts that do not decide readiness) and `GET /metrics` (prom-client's default registry, with the process' own metrics).
 */
export async function startManagementServer({
  host,
  port,
  checks,
  logger,
  forwardMetrics = [],
}: ManagementOptions): Promise<ManagementServer> {
  collectProcessMetricsOnce();
  let stopping = false;
  const down = new Set<string>();
  const failed = (name: string, error: unknown) => {
    if (!down.has(name)) logger.warn({ check: name, err: error }, `readiness: ${name} is down`);
    down.add(name);
  };
  const routes: Record<string, () => Promise<[number, string, string]>> = {
    '/health/live': async () => probe(liveness(checks.live)),
    '/health/ready': async () => {
      if (stopping) return probe({ status: 'stopping', checks: {} });
      const [answer, reports] = await Promise.all([readiness(checks.ready, failed), details(checks.details ?? [])]);
      for (const [name, state] of Object.entries(answer.checks)) {
        if (state === 'up' && down.delete(name)) logger.info({ check: name }, `readiness: ${name} is up again`);
      }
      return probe(checks.details?.length ? { ...answer, details: reports } : answer);
    },
    '/metrics': async () => [
      200,
      register.contentType,
      [await register.metrics(), ...(await Promise.all(forwardMetrics.map((url) => forwarded(url, logger))))].join(
        '\n',
      ),
    ],
  };
  const server = createServer((req, res) => void respond(req, res, routes, logger));
  server.keepAliveTimeout = 5000;
  await listen(server, port, host);
  const bound = server.address() as AddressInfo;
  return {
    url: `http://${host}:${bound.port}`,
    stopping: () => {
      stopping = true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // a prober's kept-alive connection would hold the close up
      }),
  };
}

/** Another exporter's page, or nothing if it does not answer (logged): our own metrics are still served. */
async function forwarded(url: string, logger: ManagementLogger): Promise<string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`status ${response.status}`);
    return await response.text();
  } catch (error) {
    logger.warn({ err: error, url }, 'metrics: a forwarded exporter did not answer');
    return '';
  }
}

const FORWARD_TIMEOUT_MS = 2000;

const probe = (answer: ProbeAnswer): [number, string, string] => [
  answer.status === 'ok' ? 200 : 503,
  'application/json',
  JSON.stringify(answer),
];

async function respond(
  req: IncomingMessage,
  res: ServerResponse,
  routes: Record<string, () => Promise<[number, string, string]>>,
  logger: ManagementLogger,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const route = routes[path];
  try {
    const [status, type, body] = route
      ? req.method === 'GET' || req.method === 'HEAD'
        ? await route()
        : problem(405, 'Method not allowed')
      : problem(404, 'Not found');
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : body);
  } catch (error) {
    logger.error({ err: error, path }, 'management request failed');
    const [status, type, body] = problem(500, 'Internal error');
    res.writeHead(status, { 'content-type': type }).end(body);
  }
}

const problem = (status: number, title: string): [number, string, string] => [
  status,
  'application/problem+json',
  JSON.stringify({ type: 'about:blank', title, status }),
];

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** CPU, memory, event-loop lag and the like, registered once per process however many servers start. */
function collectProcessMetricsOnce(): void {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
}
