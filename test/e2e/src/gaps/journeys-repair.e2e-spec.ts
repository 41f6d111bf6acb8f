import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { JourneyEvent } from '@waymark/event-contracts';
import { JourneyClient } from '@waymark/journey-client';
import { DEFAULT_SETTINGS, JourneyCommand, OpenJourneyCommand } from '@waymark/journey-domain';
import { JOURNEY_TASK_QUEUE, journeyActivities, PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import { JourneyEventPublisher } from '@waymark/kafka';
import { AesGcmPayloadCodec, parsePayloadKeys } from '@waymark/payload-codec';
import {
  commissionerClient,
  ensureTemporalNamespace,
  eventually,
  issueCommissionerKey,
  journeyEventsTopicEnd,
  kafka,
  RunningService,
  startService,
  testPort,
  wholeMonths,
} from '@waymark/test-support';
import { MeasuresQueries } from '@waymark/measures-store';
import { DataSource } from 'typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bodyOf, differences, readEvents } from '../measures-check/pipeline';
import { eventsByJourney, MeasuresBody, referenceMeasures } from '../measures-check/reference-measures';
import {
  caughtUp,
  metric,
  missingByJourney,
  OwnMeasures,
  ownMeasures,
  repair,
  seqRanges,
  temporalClient,
  terminateRunningJourneys,
  waitUntilPublished,
} from './harness';

/**
 * Events acknowledged but lost, and the repair (decision 0010). The journeys' workflows run on a worker of the test's
 * own whose publishing activity completes without publishing some batches, as a broker that acknowledged and then
 * lost them would. measures-service (real, on a database and consumer group of its own) holds what comes after a gap;
 * `ops-cli journeys repair --check` finds every journey behind its workflow, including those whose last events or
 * opened event were lost (no later event shows a gap); `ops-cli journeys repair` republishes the missing events from
 * the workflows' Temporal histories, and the figures come out equal to the independent recomputation.
 */

const NAMESPACE = 'waymark-e2e-repair';
const PORT = testPort(3180);
const logDir = join(__dirname, '../../../../tmp/e2e-logs/journeys-repair');
const run = randomBytes(3).toString('hex');
const AREA = `REP-${run.toUpperCase()}`;
const LEAD = `rep-${run}`;
const TIME_ZONE = 'Europe/London';
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

type Lost = (event: JourneyEvent) => boolean;
interface Plan {
  name: string;
  contacts: number;
  close?: 'resolved' | 'unresolved';
  lost: Lost;
}

const isType =
  (...types: string[]) =>
  (e: JourneyEvent) =>
    types.some((t) => e.type === `waymark.journey.${t}.v1`);
const PLANS: Plan[] = [
  { name: 'its first three events lost', contacts: 4, lost: (e) => e.seq <= 3 },
  {
    name: 'its closure and sustained resolution lost (the workflow has ended)',
    contacts: 2,
    close: 'resolved',
    lost: isType('closed', 'resolution-sustained'),
  },
  { name: 'every event lost, its opened event too', contacts: 1, lost: () => true },
  { name: 'one event in the middle lost', contacts: 4, close: 'unresolved', lost: (e) => e.seq === 3 },
  { name: 'nothing lost', contacts: 2, close: 'resolved', lost: () => false },
];

describe('journeys repair', () => {
  let own: OwnMeasures;
  let measures: RunningService | undefined;
  let client: Client;
  let worker: Worker | undefined;
  let working: Promise<void> | undefined;
  let publisher: JourneyEventPublisher;
  const lose = new Map<string, Lost>();
  const dropped = new Map<string, number[]>();
  const journeyIds: string[] = [];
  let seqs: Map<string, number>;
  let startOffsets: Map<number, bigint>;
  /** After earlier runs' journeys were ended: the check looks at journeys running or closed since. */
  let since: string;

  beforeAll(async () => {
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    client = await temporalClient(NAMESPACE);
    await terminateRunningJourneys(client);
    since = new Date().toISOString();
    own = await ownMeasures('repair');
    startOffsets = await journeyEventsTopicEnd();
    measures = await startService(
      'measures-service',
      PORT,
      { ...own.env, DISCLOSURE_THRESHOLD: '1', MEASURES_TIME_ZONE: TIME_ZONE },
      { logDir },
    );

    publisher = new JourneyEventPublisher(kafka);
    await publisher.connect();
    const activities = journeyActivities(async (events) => {
      const rule = lose.get(events[0]?.subject ?? '');
      if (rule && events.some(rule)) {
        const list = dropped.get(events[0]?.subject ?? '') ?? [];
        list.push(...events.map((e) => e.seq));
        dropped.set(events[0]?.subject ?? '', list);
        return; // acknowledged, never written
      }
      await publisher.publish(events);
    });
    const keys = parsePayloadKeys(
      process.env['WAYMARK_PAYLOAD_KEYS'] ?? '',
      process.env['WAYMARK_PAYLOAD_ACTIVE_KEY'] ?? '',
    );
    worker = await Worker.create({
      connection: await NativeConnection.connect({ address: process.env['TEMPORAL_ADDRESS'] ?? '' }),
      namespace: NAMESPACE,
      taskQueue: JOURNEY_TASK_QUEUE,
      workflowBundle: { codePath: join(__dirname, '../../../../dist/apps/journey-worker/workflow-bundle.js') },
      activities,
      dataConverter: { payloadCodecs: [new AesGcmPayloadCodec(keys)] },
    });
    working = worker.run();

    // A one-day follow-up, so a resolution closed two days ago is sustained at once.
    const journeys = new JourneyClient(client, { ...DEFAULT_SETTINGS, followUpDays: 1 }, { deadlineMs: 5_000 });
    for (const plan of PLANS) {
      const open: OpenJourneyCommand = {
        personRef: `case-${journeyIds.length}`,
        areaCode: AREA,
        ageBand: '35-49',
        occurredAt: daysAgo(5),
        leadProviderId: LEAD,
      };
      const { journeyId } = await journeys.open(open, randomUUID());
      lose.set(journeyId, plan.lost);
      journeyIds.push(journeyId);
      const commands: JourneyCommand[] = Array.from({ length: plan.contacts }, (_, i) => ({
        type: 'record-contact',
        occurredAt: daysAgo(4 - i / 2),
        channel: 'phone',
        minutesSpent: 15 + i,
        demand: i % 2 ? 'failure' : 'value',
        ...(i % 2 ? { failureReason: 'chasing-progress' } : { valueKind: 'new-need' }),
      })) as JourneyCommand[];
      if (plan.close === 'resolved') {
        commands.push({ type: 'close-journey', occurredAt: daysAgo(2), outcome: 'resolved', personConfirmed: true });
      }
      if (plan.close === 'unresolved') {
        commands.push({ type: 'close-journey', occurredAt: daysAgo(1), outcome: 'unresolved', reason: 'moved-away' });
      }
      for (const command of commands) await journeys.command(journeyId, LEAD, command, randomUUID());
    }
    seqs = await waitUntilPublished(client, journeyIds, 60_000);
    await caughtUp(own.group);
  }, 180_000);

  afterAll(async () => {
    worker?.shutdown();
    await working;
    await publisher?.disconnect();
    await client?.connection.close();
    await measures?.stop();
    await own?.database.drop();
  });

  it('holds the later events of a journey with a gap, and logs it without person data', async () => {
    // Something was published after what was lost: that journey's later events are held.
    const held = journeyIds.filter((id) => Math.max(...(dropped.get(id) ?? [Infinity])) < (seqs.get(id) ?? 0));
    expect(held).toHaveLength(2); // the first three lost, and the one in the middle
    expect(await metric(measures?.managementUrl ?? '', 'waymark_measures_held_journeys')).toBe(held.length);
    const log = readFileSync(join(logDir, 'measures-service.log'), 'utf8');
    for (const journeyId of held) {
      const line = log.split('\n').find((l) => l.includes('journey events held') && l.includes(journeyId)) ?? '';
      const entry = JSON.parse(line) as Record<string, unknown>;
      expect(entry).toMatchObject({ journeyId, expectedSeq: Math.min(...(dropped.get(journeyId) ?? [])) });
      expect(entry['gotSeq']).toBeGreaterThan(entry['expectedSeq'] as number);
      expect(line).not.toContain('case-');
    }
  });

  it('finds every journey behind its workflow, whatever was lost, and exits non-zero', () => {
    const check = repair(['--check', '--since', since, '--grace', '0'], NAMESPACE, own);
    expect(check.stderr).toBe('');
    expect(check.code).toBe(2);
    const expected = new Map(
      journeyIds.filter((id) => dropped.has(id)).map((id) => [id, seqRanges(dropped.get(id) ?? [])] as const),
    );
    expect(missingByJourney(check.stdout)).toEqual(expected);
    expect(expected.size).toBe(4);
  });

  it('republishes what is missing; then nothing is held, nothing behind, every event on the topic', async () => {
    const fixed = repair(['--since', since, '--grace', '0'], NAMESPACE, own);
    expect(fixed.code).toBe(0);
    const republished = [...dropped.values()].reduce((n, list) => n + list.length, 0);
    expect(fixed.stdout).toContain(`republished ${republished} events of 4 journeys`);
    await caughtUp(own.group);
    await eventually(
      () => metric(measures?.managementUrl ?? '', 'waymark_measures_held_journeys'),
      (n) => n === 0,
    );
    expect(repair(['--check', '--since', since, '--grace', '0'], NAMESPACE, own).code).toBe(0);

    const journeys = eventsByJourney(await readEvents(startOffsets, new Set(journeyIds))); // throws on a gap
    expect(new Map([...journeys].map(([id, events]) => [id, events.length]))).toEqual(seqs);
  });

  it('publishes figures equal to the independent recomputation from the topic', async () => {
    const events = await readEvents(startOffsets, new Set(journeyIds));
    const filter = {
      ...wholeMonths(daysAgo(10).slice(0, 10), daysAgo(0).slice(0, 10)),
      area: AREA,
      groupBy: 'month' as const,
    };
    const expected = referenceMeasures(events, filter, { costRates: {}, disclosureThreshold: 1, timeZone: TIME_ZONE });
    const key = issueCommissionerKey(`rep-${run}`, { databaseUrl: own.database.url });
    const response = await commissionerClient(measures?.url ?? '', key).get(
      `/v1/measures?${new URLSearchParams(filter)}`,
    );
    expect(response.status).toBe(200);
    const actual = (await bodyOf(response)) as MeasuresBody;
    expect(differences(expected, actual)).toEqual([]);
    // Every journey is in the projections (the API shows counts this small only as withheld).
    const db = await new DataSource({ type: 'postgres', url: own.database.url }).initialize();
    try {
      const { periods } = await new MeasuresQueries(db).periods({ ...filter, groupBy: 'none' });
      expect(periods.get(filter.from)?.activity['opened']).toBe(PLANS.length);
    } finally {
      await db.destroy();
    }
  });
});
