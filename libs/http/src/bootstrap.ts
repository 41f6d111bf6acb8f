import { DynamicModule, INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  HEALTH_CHECKS,
  HealthChecks,
  httpMetricsMiddleware,
  ManagementServer,
  startManagementServer,
  stopTracing,
  traceRequests,
  watchPools,
} from '@waymark/observability';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import { BODY_LIMIT, bodyErrorsAsProblems, jsonBodiesOnly } from './json-bodies';
import { postgresPools } from './pool-discovery';
import { ProblemFilter } from './problem.filter';

export interface Address {
  port: number;
  host: string;
}

export interface ServiceOptions {
  /** The public API's address; none for a service that only works in the background (journey-worker). */
  api?: Address;
  /** Health probes and metrics (libs/observability startManagementServer), with more metrics pages to append. */
  management: Address & { forwardMetrics?: string[] };
  /** How long a SIGTERM may take before the process ends anyway. */
  shutdownTimeoutMs: number;
  /** Express's `trust proxy` (which X-Forwarded-For to believe for client addresses); nobody's unless given. */
  trustProxy?: boolean | number | string;
  /** Extra set-up of the public API before listening, e.g. serving API docs. */
  configure?: (app: INestApplication) => void;
  /**
   * `json-api` (the default): security headers, JSON bodies only and RFC 9457 problems for every error. `web`: pages
   * for browsers (the dashboard), whose headers, form bodies and error pages `configure` sets up instead.
   */
  kind?: 'json-api' | 'web';
}

/**
 * Starts a Waymark service the same way everywhere: JSON logs, security headers and problem responses for every
 * error on the public API, health probes and metrics on the management server (the app's `healthChecks`),
 * and shutdown on SIGTERM/SIGINT: readiness turns away at once, every shutdown hook runs, exit code 0 — or 1 if
 * that has not finished within `shutdownTimeoutMs`, or on a second signal.
 * A service that cannot start exits non-zero with the reason.
 */
export function bootstrapService(module: DynamicModule, options: ServiceOptions): Promise<void> {
  return start(module, options).catch((error: unknown) => {
    process.stderr.write(
      `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

async function start(module: DynamicModule, options: ServiceOptions) {
  const { api, management, shutdownTimeoutMs } = options;
  // Bodies are read in serveApi, JSON only, so that every refusal of a body is a problem of a documented type.
  const app = api
    ? await NestFactory.create<NestExpressApplication>(module, {
        bufferLogs: true,
        abortOnError: false,
        bodyParser: false,
      })
    : await NestFactory.createApplicationContext(module, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  const lifecycle = { stopping: false };
  if (api) await serveApi(app as NestExpressApplication, api, lifecycle, options);
  else await app.init();
  watchPools(postgresPools(app));
  const server = await startManagementServer({
    ...management,
    checks: app.get<HealthChecks>(HEALTH_CHECKS, { strict: false }),
    logger: await app.resolve(PinoLogger),
  });
  logger.log(`management (health, metrics) on ${server.url}`);
  stopOn(['SIGTERM', 'SIGINT'], app, server, shutdownTimeoutMs, lifecycle);
}

async function serveApi(
  app: NestExpressApplication,
  { port, host }: Address,
  lifecycle: { stopping: boolean },
  { trustProxy = false, configure, kind = 'json-api' }: ServiceOptions,
): Promise<void> {
  app.set('trust proxy', trustProxy);
  app.use(traceRequests());
  app.use(httpMetricsMiddleware());
  // Once stopping, each kept-alive connection closes after its answer: a busy client would hold it open forever.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    if (lifecycle.stopping) res.setHeader('connection', 'close');
    next();
  });
  if (kind === 'json-api') {
    app.use(helmet());
    app.use(jsonBodiesOnly);
    app.useBodyParser('json', { limit: BODY_LIMIT });
    app.use(bodyErrorsAsProblems);
    app.useGlobalFilters(new ProblemFilter());
  }
  configure?.(app);
  await app.listen(port, host);
  app.get(Logger).log(`listening on http://${host}:${port}`);
}

function stopOn(
  signals: NodeJS.Signals[],
  app: INestApplicationContext,
  management: ManagementServer,
  timeoutMs: number,
  lifecycle: { stopping: boolean },
): void {
  const shutdown = (signal: NodeJS.Signals) => {
    if (lifecycle.stopping) return exit(1, `${signal} received again; exiting without waiting`);
    lifecycle.stopping = true;
    app.get(Logger).log(`${signal} received; shutting down`);
    management.stopping();
    // Whatever still holds the process up (a stuck request, a dependency that does not answer) is abandoned.
    setTimeout(() => exit(1, `shutdown took longer than ${timeoutMs} ms; exiting`), timeoutMs).unref();
    app
      .close()
      .then(() => management.close())
      .then(() => stopTracing())
      .then(
        () => process.exit(0),
        (error: unknown) => exit(1, `shutdown failed: ${String(error)}`),
      );
  };
  for (const signal of signals) process.on(signal, shutdown);
}

function exit(code: number, message: string): void {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}
