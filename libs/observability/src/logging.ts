import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import pino, { Logger } from 'pino';
import { traceIds } from './tracing';

/**
 * Credentials never reach the logs; neither do bodies (pino-http never logs them) nor personal data, which is only
 * ever in bodies (a person reference) and never in paths or queries.
 */
const redact = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

const baseOptions = (service: string, level: string): pino.LoggerOptions => ({
  level,
  base: { service },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  // Every line written while a span is active names its trace, so logs and traces can be joined.
  mixin: traceIds,
  redact,
});

/** A structured JSON logger for code outside Nest's request pipeline. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(baseOptions(service, level));
}

/** A caller's X-Request-Id when it is a plain token, else a new one: a header cannot smuggle text into the logs. */
export function requestIdFor(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : randomUUID();
}

/** The journey a request is about, from its path (`/v1/journeys/<id>/…`). */
export function journeyIdOf(url: string | undefined): string | undefined {
  return /^\/v1\/journeys\/([A-Za-z0-9-]{1,64})(?:[/?]|$)/.exec(url ?? '')?.[1];
}

/**
 * Nest logging: JSON lines, one per request (health probes are on the management server, not logged). Each line of a
 * request carries its request id (also answered as X-Request-Id) and, where the path names one, the journey id.
 */
export function loggingModule(service: string, level: string) {
  return LoggerModule.forRoot({
    pinoHttp: {
      ...baseOptions(service, level),
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const id = requestIdFor(req.headers['x-request-id']);
        res.setHeader('x-request-id', id);
        return id;
      },
      customProps: (req: IncomingMessage) => {
        const journeyId = journeyIdOf(req.url);
        return journeyId ? { journeyId } : {};
      },
    },
  });
}
