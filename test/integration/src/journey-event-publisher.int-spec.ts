import type { JourneyEvent } from '@waymark/event-contracts';
import { JOURNEY_EVENTS_TOPIC, JourneyEventPublisher } from '@waymark/kafka';
import { journeyEvents } from '@waymark/test-support';
import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import { ISocketFactory, Kafka, logLevel, Partitioners } from 'kafkajs';

const PRODUCE_API_KEY = 0;

/**
 * Sockets that can lose the reply to one produce request: the broker writes the batch, the client never hears so
 * (what a broker killed with -9 between its write and its reply does).
 */
function lossySockets() {
  let armed = false;
  const factory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket: Socket = connect({ host, port }, onConnect);
    let loseReply = false;
    const write = socket.write.bind(socket) as (buffer: Buffer, ...rest: unknown[]) => boolean;
    socket.write = ((buffer: Buffer, ...rest: unknown[]) => {
      // A request: int32 size, int16 api key, …
      if (armed && buffer.length > 6 && buffer.readInt16BE(4) === PRODUCE_API_KEY) [armed, loseReply] = [false, true];
      return write(buffer, ...rest);
    }) as Socket['write'];
    const emit = socket.emit.bind(socket) as (event: string, ...args: unknown[]) => boolean;
    socket.emit = ((event: string, ...args: unknown[]) => {
      if (event !== 'data' || !loseReply) return emit(event, ...args);
      loseReply = false;
      socket.destroy(new Error('the reply was lost with the connection'));
      return true;
    }) as Socket['emit'];
    return socket;
  };
  return { factory, loseNextProduceReply: () => (armed = true) };
}

const brokers = (process.env['KAFKA_BROKERS'] ?? '').split(',');
const plain = new Kafka({ clientId: 'publisher-it', brokers, logLevel: logLevel.NOTHING });

/** Three events of a new journey: opened and two contacts (a batch the size many journeys publish). */
function threeEvents(journeyId: string): JourneyEvent[] {
  const j = journeyEvents(journeyId);
  const at = new Date().toISOString();
  const contact = { providerId: 'publisher-it', channel: 'phone', minutesSpent: 5, demand: 'value' } as const;
  return [
    j.event('opened', at, { leadProviderId: 'publisher-it', areaCode: 'PUB-IT', ageBand: '25-34' }),
    j.event('contact-recorded', at, { ...contact, valueKind: 'new-need' }),
    j.event('contact-recorded', at, { ...contact, valueKind: 'progress' }),
  ];
}

/** A journey id whose events go to the same partition as `journeyId`'s (the publisher's murmur2 partitioner). */
function samePartitionAs(journeyId: string, partitions: number): string {
  const partitionOf = Partitioners.DefaultPartitioner();
  const metadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
  const of = (key: string) =>
    partitionOf({ topic: JOURNEY_EVENTS_TOPIC, partitionMetadata: metadata, message: { key, value: null } });
  for (;;) {
    const other = randomUUID();
    if (of(other) === of(journeyId)) return other;
  }
}

/** Every message on the journey-events topic from `from` to the end, by partition. */
async function readFrom(from: Map<number, string>): Promise<{ key: string; id: string }[]> {
  const admin = plain.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC).finally(() => admin.disconnect());
  const pending = new Map(
    ends.filter((e) => BigInt(e.high) > BigInt(from.get(e.partition) ?? '0')).map((e) => [e.partition, e.high]),
  );
  const read: { key: string; id: string }[] = [];
  if (pending.size === 0) return read;
  const consumer = plain.consumer({ groupId: `publisher-it-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the topic was not read to its end within 20 s')), 20_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const end = pending.get(partition);
          if (end === undefined) return;
          read.push({ key: String(message.key), id: (JSON.parse(String(message.value)) as JourneyEvent).id });
          if (BigInt(message.offset) + 1n >= BigInt(end) && pending.delete(partition) && pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
      for (const [partition, offset] of from) consumer.seek({ topic: JOURNEY_EVENTS_TOPIC, partition, offset });
    });
    return read;
  } finally {
    await consumer.disconnect();
  }
}

describe('journey event publisher on the real broker', () => {
  it('loses nothing when a reply is lost while another journey publishes a batch of the same size', async () => {
    const admin = plain.admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC).finally(() => admin.disconnect());
    const from = new Map(offsets.map((o) => [o.partition, o.high]));

    const sockets = lossySockets();
    const kafka = new Kafka({
      clientId: 'publisher-it',
      brokers,
      logLevel: logLevel.NOTHING,
      socketFactory: sockets.factory,
    });
    const publisher = new JourneyEventPublisher(kafka);
    await publisher.connect();
    const rounds = 3;
    const sent: JourneyEvent[] = [];
    try {
      await publisher.publish(threeEvents(randomUUID())); // connected, producer id and sequences in use
      for (let round = 0; round < rounds; round++) {
        const first = randomUUID();
        const batches = [threeEvents(first), threeEvents(samePartitionAs(first, offsets.length))];
        sent.push(...batches.flat());
        sockets.loseNextProduceReply();
        // Two workflows' activities share the worker's one producer.
        await Promise.all(batches.map((batch) => publisher.publish(batch)));
      }
    } finally {
      await publisher.disconnect();
    }

    const onTopic = new Set((await readFrom(from)).map((m) => m.id));
    expect(sent.filter((e) => !onTopic.has(e.id)).map((e) => e.id)).toEqual([]);
  });
});
