import type { KafkaConnection } from '@waymark/config';
import { Kafka, logLevel, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';
import { dropNegativeTimeoutWarnings } from './negative-timeout-warning';

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export interface KafkaSettings {
  /** Brokers, TLS and SASL: kafkaConnection(config) from @waymark/config. */
  connection: KafkaConnection;
  clientId: string;
  logger: Logger;
}

/** A kafkajs client whose own log lines join the service's JSON logs. */
export function createKafka({ connection, clientId, logger }: KafkaSettings): Kafka {
  dropNegativeTimeoutWarnings();
  const child = logger.child({ component: 'kafka' });
  return new Kafka({
    clientId,
    ...connection,
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, timestamp, ...rest } = log; // pino stamps its own time
        child[levels[level] ?? 'info'](rest, message);
      },
  });
}

/**
 * Resolves when a broker answers with cluster metadata. One try: a probe that retried would outlive its caller's
 * deadline, and the caller asks again anyway.
 */
export async function pingKafka(kafka: Kafka): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  await admin.connect();
  try {
    await admin.describeCluster();
  } finally {
    await admin.disconnect();
  }
}
