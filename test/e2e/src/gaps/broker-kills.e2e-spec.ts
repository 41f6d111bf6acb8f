import { Client } from '@temporalio/client';
import type { JourneyEvent } from '@waymark/event-contracts';
import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import {
  commissionerClient,
  ensureTemporalNamespace,
  issueCommissionerKey,
  issueKey,
  journeyEventsTopicEnd,
  killBroker,
  providerClient,
  runOpsCli,
  RunningService,
  sleep,
  startService,
  startStack,
  testPort,
  wholeMonths,
  wholeWeeks,
} from '@waymark/test-support';
import fc from 'fast-check';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { journeyPlans } from '../measures-check/journey-generator';
import { bodyOf, differences, inPool, ProviderPace, pushJourney, readEvents } from '../measures-check/pipeline';
import {
  addDays,
  eventsByJourney,
  localDate,
  MeasuresBody,
  MeasuresFilter,
  referenceMeasures,
} from '../measures-check/reference-measures';
import {
  caughtUp,
  metric,
  OwnMeasures,
  ownMeasures,
  repair,
  temporalClient,
  terminateRunningJourneys,
  waitUntilPublished,
} from './harness';

/**
 * Nothing lost when the broker dies (issue 9): random journeys go through the real API while the test kills the Kafka
 * broker with SIGKILL again and again and starts it again. Then the repair check runs (and the repair, if anything is
 * behind), and every journey's events must be on the topic, seq 1 to its workflow's last, and every figure must equal
 * the independent recomputation from the topic. The broker is running again when the suite ends, pass or fail.
 */

const NAMESPACE = 'waymark-e2e-broker-kills';
const PORTS = { api: testPort(3170), measures: testPort(3171), worker: testPort(3172) };
const logDir = join(__dirname, '../../../../tmp/e2e-logs/broker-kills');
const TIME_ZONE = 'Europe/London';
const JOURNEYS = 30;
const KILLS = 3;
const THRESHOLD = 3;
const SEED = process.env['MEASURES_CHECK_SEED'] ? Number(process.env['MEASURES_CHECK_SEED']) : randomInt(2 ** 31);

const run = randomBytes(3).toString('hex');
const PROVIDERS = ['a', 'b', 'c', 'd', 'e'].map((suffix) => `kill-${run}-${suffix}`);
const AREA = `KILL-${run.toUpperCase()}`;
const RATES = Object.fromEntries(PROVIDERS.map((p, i) => [p, (30 + 7.25 * i).toFixed(2)]));

describe('killing the Kafka broker under load', () => {
  const services: RunningService[] = [];
  let own: OwnMeasures;
  let client: Client;
  let since: string;
  let startOffsets: Map<number, bigint>;
  const journeyIds: string[] = [];
  let seqs: Map<string, number>;
  let events: JourneyEvent[] = [];
  const kills: string[] = [];

  /** Kills the broker while a wave of journeys is being sent and published, then starts it again. */
  async function killDuring(wave: Promise<string[]>, i: number): Promise<string[]> {
    await sleep(800); // the wave's first requests are in, their events being published
    const killedAt = Date.now();
    await killBroker();
    await sleep(500);
    await startStack();
    kills.push(`kill ${i + 1}: broker back after ${((Date.now() - killedAt) / 1000).toFixed(1)} s`);
    return wave;
  }

  beforeAll(async () => {
    console.log(`broker kills: seed ${SEED} (MEASURES_CHECK_SEED=${SEED} replays it), run ${run}, area ${AREA}`);
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    client = await temporalClient(NAMESPACE);
    await terminateRunningJourneys(client);
    since = new Date().toISOString();
    own = await ownMeasures('kills');
    const keys = Object.fromEntries(PROVIDERS.map((p) => [p, issueKey(p)]));
    for (const [provider, rate] of Object.entries(RATES)) runOpsCli(['rates', 'set', provider, rate], own.env);

    const env = {
      TEMPORAL_NAMESPACE: NAMESPACE,
      MEASURES_TIME_ZONE: TIME_ZONE,
      DISCLOSURE_THRESHOLD: String(THRESHOLD),
    };
    const started = await Promise.allSettled([
      startService('measures-service', PORTS.measures, { ...env, ...own.env }, { logDir }),
      startService('journey-worker', PORTS.worker, env, { logDir }),
      startService('journey-api', PORTS.api, env, { logDir }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const api = (started[2] as PromiseFulfilledResult<RunningService>).value;
    const clients = Object.fromEntries(PROVIDERS.map((p) => [p, providerClient(api.url, keys[p] as string)]));

    const ctx = { now: Date.now(), providers: PROVIDERS, area: AREA, personPrefix: `kill-${run}` };
    const [plans] = fc.sample(journeyPlans(ctx, { min: JOURNEYS, max: JOURNEYS }), { numRuns: 1, seed: SEED });
    startOffsets = await journeyEventsTopicEnd();
    const pace = new ProviderPace();
    const perWave = Math.ceil(JOURNEYS / KILLS);
    const began = Date.now();
    for (let i = 0; i < KILLS; i++) {
      const wave = (plans ?? []).slice(i * perWave, (i + 1) * perWave);
      journeyIds.push(
        ...(await killDuring(
          inPool(wave, 6, (plan) => pushJourney(clients, pace, plan)),
          i,
        )),
      );
    }
    console.log(`broker kills: ${journeyIds.length} journeys sent in ${Date.now() - began} ms`);
    console.log(`broker kills: ${kills.join('; ')}`);
    seqs = await waitUntilPublished(client, journeyIds, 90_000);
    await caughtUp(own.group);
  }, 240_000);

  afterAll(async () => {
    await startStack(); // whatever happened above, the broker runs again
    const codes = await Promise.all(services.map((s) => s.stop()));
    await client?.connection.close();
    await own?.database.drop();
    expect(codes).toEqual(services.map(() => 0));
  }, 120_000);

  it(`killed the broker ${KILLS} times while journeys were sent`, () => {
    expect(kills).toHaveLength(KILLS);
  });

  it('has every event of every journey on the topic, after a repair if anything was behind', async () => {
    const check = repair(['--check', '--since', since, '--grace', '0'], NAMESPACE, own);
    console.log(`broker kills: repair check (exit ${check.code}):\n${check.stdout}`);
    expect(check.stderr).toBe('');
    if (check.code !== 0) {
      expect(check.code).toBe(2); // behind, not failed
      const fixed = repair(['--since', since, '--grace', '0'], NAMESPACE, own);
      console.log(`broker kills: repair (exit ${fixed.code}):\n${fixed.stdout}`);
      expect(fixed.code).toBe(0);
      await caughtUp(own.group);
      expect(repair(['--check', '--since', since, '--grace', '0'], NAMESPACE, own).code).toBe(0);
    }
    events = await readEvents(startOffsets, new Set(journeyIds));
    const journeys = eventsByJourney(events); // dedupes by event id; throws on a gap
    expect(new Map([...journeys].map(([id, list]) => [id, list.length]))).toEqual(seqs);
    expect(await metric(services[0]?.managementUrl ?? '', 'waymark_measures_held_journeys')).toBe(0);
  });

  it('publishes every figure as the independent recomputation from the topic gives it', async () => {
    const key = issueCommissionerKey(`kill-${run}`, { databaseUrl: own.database.url });
    const commissioner = commissionerClient(services[0]?.url ?? '', key);
    const today = localDate(Date.now(), TIME_ZONE);
    // Whole published periods only (decision 0013).
    const filters: MeasuresFilter[] = [
      { ...wholeMonths(addDays(today, -310), today), area: AREA, groupBy: 'month' },
      { ...wholeWeeks(addDays(today, -310), today), area: AREA, groupBy: 'week' },
      { ...wholeMonths(addDays(today, -310), today), area: AREA, provider: PROVIDERS[0], groupBy: 'month' },
    ];
    const settings = {
      costRates: Object.fromEntries(Object.entries(RATES).map(([p, r]) => [p, Number(r)])),
      disclosureThreshold: THRESHOLD,
      timeZone: TIME_ZONE,
    };
    for (const filter of filters) {
      const expected = referenceMeasures(events, filter, settings);
      const params = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
      const response = await commissioner.get(`/v1/measures?${params}`);
      expect(response.status).toBe(200);
      const diff = differences(expected, (await bodyOf(response)) as MeasuresBody);
      expect({ filter, diff }).toEqual({ filter, diff: [] });
    }
  });
});
