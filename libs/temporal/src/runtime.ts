import { DefaultLogger, LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

const levels: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** Routes the Temporal SDK's own logs (worker, workflows, activities) into our JSON logs. */
export function installTemporalRuntime(logger: Logger): void {
  const temporalLogger = new DefaultLogger('INFO', ({ level, message, meta }) => {
    logger[levels[level]]({ ...meta, ...journeyOf(meta), component: 'temporal' }, message);
  });
  Runtime.install({ logger: temporalLogger });
}

/** Workflow and activity lines name their journey (workflow id `journey-<id>`). */
function journeyOf(meta: Record<string, unknown> | undefined): { journeyId?: string } {
  const workflowId = meta?.['workflowId'];
  return typeof workflowId === 'string' && workflowId.startsWith('journey-') ? { journeyId: workflowId.slice(8) } : {};
}
