import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/**
 * Routes the Temporal SDK's own logs (worker, workflows, activities) into our JSON logs and, given an address,
 * serves the SDK's runtime metrics (task slots, poll and task latencies, activity and workflow outcomes) as
 * Prometheus text at `http://<metricsAddress>/metrics`, named as Prometheus expects: `_total` counters, durations
 * in seconds with the unit in the name.
 */
export function installTemporalRuntime(logger: Logger, metricsAddress?: string): void {
  const temporalLogger = new DefaultLogger('INFO', ({ level, message, meta }) => {
    logger[levels[level]]({ ...meta, ...journeyOf(meta), component: 'temporal' }, message);
  });
  Runtime.install({
    logger: temporalLogger,
    ...(metricsAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: metricsAddress,
                countersTotalSuffix: true,
                unitSuffix: true,
                useSecondsForDurations: true,
              },
            },
          },
        }
      : {}),
  });
}

/** Workflow and activity lines name their journey (workflow id `journey-<id>`). */
function journeyOf(meta: Record<string, unknown> | undefined): { journeyId?: string } {
  const workflowId = meta?.['workflowId'];
  return typeof workflowId === 'string' && workflowId.startsWith('journey-') ? { journeyId: workflowId.slice(8) } : {};
}

/**
 * For a command line: the SDK's warnings and errors, Core's included (which otherwise print to stdout), forwarded to
 * stderr, so stdout carries only the command's result (`--json` stays parseable). Call before any worker is made.
 */
export function installCommandLineRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('WARN'),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
}
