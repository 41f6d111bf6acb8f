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
 * Resolves when a broker answers with cluster metadata within `timeoutMs`; rejects otherwise. A probe must not outlive
 * its caller's deadline: kafkajs would otherwise keep retrying the connection for seconds, and the caller asks again
 * anyway.
 */
export async function pingKafka(kafka: Kafka, timeoutMs = 2_000): Promise<void> {
  const admin = kafka.admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Kafka within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([admin.connect().then(() => admin.describeCluster()), late]);
  } finally {
    clearTimeout(timer);
    void admin.disconnect().catch(() => undefined); // the answer is decided; a connection still retrying is dropped
  }
}
