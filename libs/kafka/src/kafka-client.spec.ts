import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { pingKafka } from './kafka-client';

describe('pingKafka', () => {
  // Port 1 on loopback: nothing listens, so each connection is refused and kafkajs tries again after 1.5 s.
  const kafka = new Kafka({
    brokers: ['127.0.0.1:1'],
    logLevel: logLevel.NOTHING,
    retry: { retries: 1, initialRetryTime: 1_500 },
  });

  afterAll(() => sleep(3_000)); // let kafkajs's last try end, so Jest exits cleanly

  it('gives up at its own deadline while kafkajs is still retrying the connection', async () => {
    await expect(pingKafka(kafka, 300)).rejects.toThrow('no answer from Kafka within 300 ms');
  });
});
