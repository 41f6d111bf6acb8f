#!/usr/bin/env node
// Creates the Kafka topics of libs/kafka/src/topics.json that do not exist yet and
// leaves existing ones alone. Run by infra/local/components/kafka.sh on every
// start; safe to run by hand too.
//   KAFKA_BROKERS  comma-separated host:port list (default 127.0.0.1:9092)
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const CONNECT_TIMEOUT_MS = 60_000;
const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092')
  .split(',')
  .map((b) => b.trim())
  .filter(Boolean);

const say = (msg) => console.log(`kafka-topics: ${msg}`);
const fail = (msg) => {
  console.error(`kafka-topics: error: ${msg}`);
  process.exit(1);
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// require(), not import: CommonJS lookup finds the repo's node_modules from
// this file's folder, and also honours NODE_PATH, which ESM imports ignore.
function loadKafkajs() {
  try {
    return createRequire(import.meta.url)('kafkajs');
  } catch {
    return fail(
      'kafkajs is not installed: run `npm ci` at the repo root (or point NODE_PATH at a node_modules that has it)',
    );
  }
}

function loadTopics() {
  const file = new URL('../../libs/kafka/src/topics.json', import.meta.url);
  const topics = Object.values(JSON.parse(readFileSync(file, 'utf8')));
  for (const t of topics) {
    if (typeof t.name !== 'string' || !(t.partitions > 0)) fail(`bad entry in ${file.pathname}: ${JSON.stringify(t)}`);
  }
  return topics;
}

// The broker may still be starting: retry until it lists topics or time is up.
async function listTopicsWithRetry(admin) {
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  for (;;) {
    try {
      await admin.connect();
      return await admin.listTopics();
    } catch (err) {
      if (Date.now() > deadline) {
        fail(`no Kafka broker answered at ${brokers.join(',')} within ${CONNECT_TIMEOUT_MS / 1000}s: ${err.message}`);
      }
      await admin.disconnect().catch(() => undefined);
      await sleep(1000);
    }
  }
}

const toCreateRequest = (t) => ({
  topic: t.name,
  numPartitions: t.partitions,
  replicationFactor: t.replicationFactor ?? 1,
  configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({
    name,
    value: String(value),
  })),
});

// Existing topics are never altered; a changed partition count is only reported.
async function reportDrift(admin, topics) {
  if (topics.length === 0) return;
  const { topics: meta } = await admin.fetchTopicMetadata({
    topics: topics.map((t) => t.name),
  });
  for (const t of topics) {
    const have = meta.find((m) => m.name === t.name)?.partitions.length;
    const note = have === t.partitions ? '' : ` (warning: it has ${have} partitions, topics.json says ${t.partitions})`;
    say(`${t.name} exists, left as is${note}`);
  }
}

const { Kafka, logLevel } = loadKafkajs();
const topics = loadTopics();
const admin = new Kafka({
  clientId: 'waymark-kafka-topics',
  brokers,
  logLevel: logLevel.NOTHING, // failures are reported below, once
  retry: { retries: 2 },
}).admin();

try {
  const existing = new Set(await listTopicsWithRetry(admin));
  const missing = topics.filter((t) => !existing.has(t.name));
  await reportDrift(
    admin,
    topics.filter((t) => existing.has(t.name)),
  );
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map(toCreateRequest),
    });
    for (const t of missing) say(`created ${t.name} (partitions: ${t.partitions})`);
  }
} catch (err) {
  fail(`${err.message}${err.errors ? `: ${err.errors.map((e) => e.message).join('; ')}` : ''}`);
} finally {
  await admin.disconnect().catch(() => undefined);
}
