import { LoggerModule } from 'nestjs-pino';
import pino, { Logger } from 'pino';

/** Credentials never reach the logs. */
const redact = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

const baseOptions = (service: string, level: string): pino.LoggerOptions => ({
  level,
  base: { service },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
  redact,
});

/** A structured JSON logger for code outside Nest's request pipeline. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(baseOptions(service, level));
}

/** Nest logging: JSON lines, one per request (health probes are on the management server, not logged). */
export function loggingModule(service: string, level: string) {
  return LoggerModule.forRoot({ pinoHttp: baseOptions(service, level) });
}
