import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import type { PeriodAggregates } from '@waymark/measures-maths';
import { measuresDataSourceOptions, MeasuresQueries } from '@waymark/measures-store';
import { countsOf, DesignName, PILOT_PROVIDERS, PilotOptions, planPilot } from '@waymark/pilot-simulation';
import {
  createThrowawayDatabase,
  ensureTemporalNamespace,
  eventually,
  groupCaughtUp,
  journeyEventsTopicEnd,
  runOpsCli,
  RunningService,
  startConsumerGroupAtEnd,
  startService,
  testPort,
  ThrowawayDatabase,
} from '@waymark/test-support';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';

/**
 * The pilot simulator (issue 10) on the real stack: `ops-cli pilot simulate` sets its providers up and sends a small
 * simulated pilot of each design through journey-api; journey-api accepts every request; the projection holds exactly
 * what the plan says; the two designs show the contrast a commissioner would read; and a rerun with the same seed
 * sends the same requests with the same keys, so journey-api replays them and no figure changes.
 *
 * Everything is the suite's own: a throwaway database (keys, rates, idempotency records, projections), a consumer
 * group that starts at the topic's end, a Temporal namespace, and two area codes of this run (one per design), which
 * also make this run's Idempotency-Keys and journeys its own. The period is fixed, so the plans are the same on every
 * run but for their areas, and every follow-up window has long passed.
 */

const NAMESPACE = 'waymark-e2e-pilot';
const PORTS = { api: testPort(3260), measures: testPort(3261), worker: testPort(3262) };
const logDir = join(__dirname, '../../../tmp/e2e-logs/pilot-simulation');
const opsCli = join(__dirname, '../../..', 'dist/apps/ops-cli/main.js');
const run = randomBytes(3).toString('hex').toUpperCase();
const DESIGNS = ['assess-and-refer', 'local-by-default'] as const;
const AREA: Record<DesignName, string> = { 'assess-and-refer': `PS-${run}-A`, 'local-by-default': `PS-${run}-L` };
const PERIOD = { from: '2025-10-01', to: '2026-06-30' };
const PEOPLE = 30;
const record = join(logDir, `pilot-${run}.json`);

const optionsOf = (design: DesignName): PilotOptions => ({
  seed: 'e2e',
  people: PEOPLE,
  ...PERIOD,
  schedule: { design },
  areas: [AREA[design]],
});
const argsOf = (design: DesignName) =>
  [
    ...['pilot', 'simulate', '--seed', 'e2e', '--people', String(PEOPLE), '--from', PERIOD.from, '--to', PERIOD.to],
    ...['--design', design, '--areas', AREA[design], '--api', `http://127.0.0.1:${PORTS.api}`, '--concurrency', '12'],
  ] as const;

describe('the pilot simulator on the real stack', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  const services: RunningService[] = [];
  const group = `e2e-pilot-${run.toLowerCase()}`;
  const env = () => ({ DATABASE_URL: database.url, TEMPORAL_NAMESPACE: NAMESPACE, MEASURES_CONSUMER_GROUP: group });
  const plans = Object.fromEntries(DESIGNS.map((d) => [d, planPilot(optionsOf(d))])) as Record<
    DesignName,
    ReturnType<typeof planPilot>
  >;
  const requestsOf = (design: DesignName) => plans[design].journeys.reduce((n, j) => n + 1 + j.commands.length, 0);

  async function simulate(design: DesignName, ...more: string[]) {
    const { stdout } = await promisify(execFile)(process.execPath, [opsCli, ...argsOf(design), ...more], {
      env: { ...process.env, ...env() },
      encoding: 'utf8',
    });
    return stdout;
  }

  /** The projection's sums for one design's area over the whole period (exact: the store, not the published API). */
  async function aggregates(design: DesignName): Promise<PeriodAggregates> {
    const answer = await new MeasuresQueries(dataSource).periods({ ...PERIOD, area: AREA[design], groupBy: 'none' });
    const period = answer.periods.get(PERIOD.from);
    if (!period) throw new Error(`no figures for ${AREA[design]}`);
    const byProvider = (minutes: PeriodAggregates['workMinutes']) =>
      [...minutes].sort((x, y) => (x.providerId < y.providerId ? -1 : 1));
    return {
      ...period,
      workMinutes: byProvider(period.workMinutes),
      sustainedMinutes: byProvider(period.sustainedMinutes),
    };
  }
  const sum = (p: PeriodAggregates, prefix: string) =>
    Object.entries(p.activity).reduce((n, [metric, v]) => (metric.startsWith(prefix) ? n + v : n), 0);
  const count = (p: PeriodAggregates, metric: string) => p.activity[metric] ?? 0;

  /** Until measures-service has consumed everything on the topic now (every event our journeys published is). */
  const caughtUp = async () => {
    const end = await journeyEventsTopicEnd();
    await eventually(() => groupCaughtUp(group, end), Boolean, 60_000);
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase('pilot');
    await startConsumerGroupAtEnd(group);
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    const started = await Promise.allSettled([
      startService('measures-service', PORTS.measures, env(), { logDir }),
      startService('journey-worker', PORTS.worker, env(), { logDir }),
      startService('journey-api', PORTS.api, env(), { logDir }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    dataSource = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
  }, 120_000);

  afterAll(async () => {
    await dataSource?.destroy();
    await Promise.all(services.map((s) => s.stop()));
    await database?.drop();
  });

  it('sends every planned request of either design, and journey-api accepts them all', async () => {
    for (const design of DESIGNS) {
      const n = requestsOf(design);
      const out = await simulate(design);
      expect(out).toMatch(
        new RegExp(`^sent ${n} requests in [0-9.]+ s \\([0-9.]+ a second\\): ${n} new, 0 replayed, 0 refused$`, 'm'),
      );
      expect(out).toMatch(/^commissioner key: wmc_\S+$/m);
    }
  }, 300_000);

  it('leaves in the projection exactly what the plans say', async () => {
    await caughtUp();
    for (const design of DESIGNS) {
      // As of now every follow-up window of the period has passed: the plan's pending closures are sustained too.
      const plan = countsOf(plans[design].journeys, Date.now());
      const expected = {
        opened: plan.journeys,
        contacts: plan.contacts,
        failureContacts: plan.failureContacts,
        assessments: plan.assessments,
        referrals: plan.referrals,
        bounced: plan.bouncedReferrals,
        sustained: plan.sustained,
        reopened: plan.reopened,
        unresolved: plan.unresolved,
        pending: 0,
        final: plan.finalClosures,
        repeatAssessed: plan.finalRepeatAssessed,
        withWhatMatters: plan.finalWithWhatMatters,
      };
      // Workflows publish their last events (and fire back-dated timers) just after their last command is accepted.
      const held = async () => {
        const p = await aggregates(design);
        return {
          opened: count(p, 'opened'),
          contacts: count(p, 'contact'),
          failureContacts: sum(p, 'failure.'),
          assessments: count(p, 'assessment'),
          referrals: count(p, 'referral'),
          bounced: count(p, 'referral.declined'),
          sustained: p.closures.sustained,
          reopened: p.closures.reopened,
          unresolved: p.closures.unresolved,
          pending: p.closures.pending,
          final: p.closures.final,
          repeatAssessed: p.closures.repeatAssessed,
          withWhatMatters: p.closures.withWhatMatters,
        };
      };
      const same = (x: unknown) => JSON.stringify(x) === JSON.stringify(expected);
      const actual = await eventually(held, same, 60_000).catch(() => held());
      expect(actual).toEqual(expected);
    }
  }, 120_000);

  it('shows the contrast a commissioner would read between the two designs', async () => {
    const [a, l] = [await aggregates('assess-and-refer'), await aggregates('local-by-default')];
    const { ratesInPence } = await new MeasuresQueries(dataSource).periods({ ...PERIOD, groupBy: 'none' });
    // The simulator set every provider's rate.
    for (const provider of PILOT_PROVIDERS) {
      expect(ratesInPence.get(provider.id)).toBe(Math.round(Number(provider.hourlyRate) * 100));
    }
    const pence = (minutes: PeriodAggregates['workMinutes']) =>
      minutes.reduce((s, { providerId, minutes: m }) => s + (m * (ratesInPence.get(providerId) ?? NaN)) / 60, 0);
    const figures = (p: PeriodAggregates) => ({
      contactsPerJourney: count(p, 'contact') / count(p, 'opened'),
      assessmentsPerJourney: p.closures.assessments / p.closures.final,
      referralsPerJourney: count(p, 'referral') / count(p, 'opened'),
      costPerContact: pence(p.workMinutes) / count(p, 'contact'),
      failureShare: sum(p, 'failure.') / count(p, 'contact'),
      repeatAssessmentShare: p.closures.repeatAssessed / p.closures.final,
      whatMattersShare: p.closures.withWhatMatters / p.closures.final,
      sustainedRate: p.closures.sustained / (p.closures.sustained + p.closures.reopened + p.closures.unresolved),
      costPerSustained: pence(p.sustainedMinutes) / p.closures.sustained,
    });
    const [fa, fl] = [figures(a), figures(l)];
    // The old volume view: assess-and-refer looks busy, and cheap per contact.
    expect(fa.contactsPerJourney).toBeGreaterThan(2 * fl.contactsPerJourney);
    expect(fa.assessmentsPerJourney).toBeGreaterThan(2 * fl.assessmentsPerJourney);
    expect(fa.referralsPerJourney).toBeGreaterThan(2 * fl.referralsPerJourney);
    expect(fa.costPerContact).toBeLessThan(fl.costPerContact);
    // Value: more failure demand and repeat assessment, fewer sustained resolutions, dearer ones.
    expect(fa.failureShare).toBeGreaterThan(fl.failureShare + 0.25);
    expect(fa.repeatAssessmentShare).toBeGreaterThan(fl.repeatAssessmentShare + 0.25);
    expect(fa.whatMattersShare).toBeLessThan(fl.whatMattersShare);
    expect(fa.sustainedRate).toBeLessThan(fl.sustainedRate - 0.15);
    expect(fa.costPerSustained).toBeGreaterThan(fl.costPerSustained);
    // Sustained closures took longer: the median's neighbours lie above.
    expect(a.closures.endToEndMedian?.lower).toBeGreaterThan(l.closures.endToEndMedian?.upper ?? Infinity);
  });

  it('replays the same requests when rerun with the same seed, and with a record sends nothing once all were sent', async () => {
    const before = await Promise.all(DESIGNS.map(aggregates));
    const out = await simulate('assess-and-refer', '--record', record);
    const n = requestsOf('assess-and-refer');
    expect(out).toMatch(new RegExp(`: 0 new, ${n} replayed, 0 refused$`, 'm'));
    // Recorded as sent in full: with the record, the next run sends nothing at all.
    const again = await simulate('assess-and-refer', '--record', record);
    expect(again).toMatch(/^sent in full on \S+ \(.*\): nothing to send$/m);
    expect(again).toMatch(/^commissioner key: wmc_\S+$/m);
    await caughtUp();
    expect(await Promise.all(DESIGNS.map(aggregates))).toEqual(before);

    // Each run revoked the keys it issued before: one active simulator key per provider, whatever the reruns.
    const keys = runOpsCli(['providers', 'keys', 'list', PILOT_PROVIDERS[0]?.id ?? ''], env());
    const active = keys.stdout.split('\n').filter((line) => /\s-\s+pilot simulator$/.test(line));
    expect(active).toHaveLength(1);
    expect(keys.stdout.split('\n').filter((line) => line.endsWith('pilot simulator'))).toHaveLength(4);
  }, 120_000);
});
