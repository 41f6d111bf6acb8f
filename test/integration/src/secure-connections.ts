import type { JourneyEvent } from '@waymark/event-contracts';
import { JOURNEY_EVENTS_TOPIC, JourneyEventPublisher } from '@waymark/kafka';
import { journeyEvents } from '@waymark/test-support';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka } from 'kafkajs';

const STACK = join(__dirname, '../../../infra/local/stack');

/** A new SCRAM-SHA-512 user of the local broker, added as ops add one (kafka-configs, via `stack kafka-user`). */
export function addKafkaUser(): { user: string; password: string } {
  const user = `it-${randomUUID().slice(0, 8)}`;
  const password = randomBytes(18).toString('base64url');
  execFileSync(STACK, ['kafka-user', user], { input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
  return { user, password };
}

/** A temp folder for the files that secrets and certificates are mounted as. */
export class SecretFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'secure-it-'));

  /** Writes `content` (with the trailing newline a mounted Secret often has) and returns its path. */
  file(name: string, content: string): string {
    const path = join(this.dir, name);
    writeFileSync(path, `${content}\n`, { mode: 0o600 });
    return path;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Publishes a journey event with `kafka`'s settings and reads it back with them; resolves to the event read. */
export async function publishAndReadBack(kafka: Kafka): Promise<{ sent: JourneyEvent; read: JourneyEvent }> {
  const groupId = `secure-it-${randomUUID()}`;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
    await admin.setOffsets({
      groupId,
      topic: JOURNEY_EVENTS_TOPIC,
      partitions: ends.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }

  const journeyId = randomUUID();
  const sent = journeyEvents(journeyId).event('opened', new Date().toISOString(), {
    leadProviderId: 'secure-it',
    areaCode: 'SECURE-IT',
    ageBand: '25-34',
  });
  const publisher = new JourneyEventPublisher(kafka);
  await publisher.connect();
  await publisher.publish([sent]).finally(() => publisher.disconnect());

  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC });
    const read = await new Promise<JourneyEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the event was not read back within 20 s')), 20_000);
      void consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(String(message.value)) as JourneyEvent;
          if (event.subject !== journeyId) return;
          clearTimeout(timer);
          resolve(event);
        },
      });
    });
    return { sent, read };
  } finally {
    await consumer.disconnect();
  }
}
