import { DynamicModule, INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { BODY_LIMIT, bodyErrorsAsProblems, jsonBodiesOnly } from './json-bodies';
import { Logger } from 'nestjs-pino';
import { ProblemFilter } from './problem.filter';

export interface ServiceOptions {
  port: number;
  host: string;
  /** Express's `trust proxy` (which X-Forwarded-For to believe for client addresses); nobody's unless given. */
  trustProxy?: boolean | number | string;
  /** Extra set-up before listening, e.g. serving API docs. */
  configure?: (app: INestApplication) => void;
}

/**
 * Starts a Waymark HTTP service the same way everywhere: JSON logs, security
 * headers, problem responses for every error, graceful shutdown on SIGTERM/SIGINT
 * (exit code 0 once every shutdown hook has run).
 * A service that cannot start exits non-zero with the reason.
 */
export function bootstrapService(module: DynamicModule, options: ServiceOptions): Promise<INestApplication | void> {
  return start(module, options).catch((error: unknown) => {
    process.stderr.write(
      `failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  });
}

async function start(
  module: DynamicModule,
  { port, host, trustProxy = false, configure }: ServiceOptions,
): Promise<INestApplication> {
  // Bodies are read here, JSON only, so that every refusal of a body is a problem of a documented type.
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bufferLogs: true,
    abortOnError: false,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', trustProxy);
  app.use(helmet());
  app.use(jsonBodiesOnly);
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(bodyErrorsAsProblems);
  app.useGlobalFilters(new ProblemFilter());
  configure?.(app);
  exitCleanlyOn(app, ['SIGTERM', 'SIGINT']);
  await app.listen(port, host);
  app.get(Logger).log(`listening on http://${host}:${port}`);
  return app;
}

function exitCleanlyOn(app: INestApplication, signals: NodeJS.Signals[]): void {
  const shutdown = (signal: NodeJS.Signals) => {
    app.get(Logger).log(`${signal} received; shutting down`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of signals) process.once(signal, shutdown);
}
