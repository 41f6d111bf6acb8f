import { kafkaConnection, kafkaEnv, loadConfig } from '@waymark/config';
import type { JourneyEvent } from '@waymark/event-contracts';
import { createKafka, JOURNEY_EVENTS_TOPIC, JourneyEventPublisher, pingKafka } from '@waymark/kafka';
import { createLogger } from '@waymark/observability';
import { journeyEvents } from '@waymark/test-support';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

const STACK = join(__dirname, '../../../infra/local/stack');
const schema = z.object(kafkaEnv);

/**
 * A service's Kafka settings through the local broker's SASL/SCRAM-SHA-512 listener (KAFKA_SASL_BROKERS), with a
 * user the test adds as ops add one (kafka-configs): the same variables, checks and client a deployment uses.
 */
describe('Kafka over SASL/SCRAM-SHA-512', () => {
  const user = `it-${randomUUID().slice(0, 8)}`;
  const password = randomBytes(18).toString('base64url');
  let secrets: string;

  const kafkaAs = (username: string, passwordFile: string) => {
    const config = loadConfig(schema, {
      KAFKA_BROKERS: process.env['KAFKA_SASL_BROKERS'],
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: username,
      KAFKA_SASL_PASSWORD_FILE: passwordFile,
    });
    return createKafka({
      connection: kafkaConnection(config),
      clientId: 'sasl-it',
      logger: createLogger('it', 'fatal'),
    });
  };
  const secretFile = (name: string, content: string) => {
    const path = join(secrets, name);
    writeFileSync(path, `${content}\n`, { mode: 0o600 });
    return path;
  };

  beforeAll(() => {
    if (!process.env['KAFKA_SASL_BROKERS'])
      throw new Error('KAFKA_SASL_BROKERS is not set: eval "$(infra/local/stack env)"');
    execFileSync(STACK, ['kafka-user', user], { input: `${password}\n`, stdio: ['pipe', 'ignore', 'inherit'] });
    secrets = mkdtempSync(join(tmpdir(), 'kafka-sasl-it-'));
  });
  afterAll(() => rmSync(secrets, { recursive: true, force: true }));

  it('publishes journey events and reads them back with the right credentials', async () => {
    const kafka = kafkaAs(user, secretFile('password', password));
    const groupId = `sasl-it-${randomUUID()}`;
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
    const opened = journeyEvents(journeyId).event('opened', new Date().toISOString(), {
      leadProviderId: 'sasl-it',
      areaCode: 'SASL-IT',
      ageBand: '25-34',
    });
    const publisher = new JourneyEventPublisher(kafka);
    await publisher.connect();
    await publisher.publish([opened]).finally(() => publisher.disconnect());

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
      expect(read.id).toBe(opened.id);
    } finally {
      await consumer.disconnect();
    }
  });

  it('is refused with a wrong password or an unknown user', async () => {
    const refused = { name: 'KafkaJSSASLAuthenticationError' };
    await expect(pingKafka(kafkaAs(user, secretFile('wrong', `${password}x`)))).rejects.toMatchObject(refused);
    await expect(pingKafka(kafkaAs(`${user}-unknown`, secretFile('other', password)))).rejects.toMatchObject(refused);
  });
});
