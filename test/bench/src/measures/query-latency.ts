/**
 * Latency of the commissioners' API over large projections: sequential requests, one shape at a time, timed
 * with `performance.now()` around the whole request (body read included), after a warm-up per shape.
 *
 *   node -r @swc-node/register test/bench/src/measures/query-latency.ts [--requests=200] [--warmup=20] \
 *     [--budget=60] [--min=30] [--port=3150]
 *
 * A shape gets `--requests` requests, or fewer when they take longer than `--budget` seconds in all (but at least
 * `--min`): a shape at a second a request would otherwise take minutes.
 *
 * Needs the stack variables of a stack of one's own (see bench-env.ts) whose projections hold the journeys to
 * query (seed-topic.ts + `ops-cli measures rebuild`, apply-store.ts), and the apps built. Sets an hourly rate for
 * each synthetic provider (so cost figures are computed, not `unavailable`), issues a commissioner key with
 * ops-cli, starts measures-service from dist/ on 127.0.0.1:<port> (log in tmp/bench-logs/), and stops it again.
 */
import { CostRates, measuresDataSourceOptions } from '@waymark/measures-store';
import { issueCommissionerKey, RunningService, startService } from '@waymark/test-support';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { benchTarget, flags, int, intFlag, say } from './bench-env';
import { AREAS, PROVIDERS, twoYearsToToday } from './synthetic';
import { timePaths } from './time-paths';

const root = join(__dirname, '../../../..');

interface Shape {
  name: string;
  path: string;
}

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['requests', 'warmup', 'port', 'budget', 'min']);
  const requests = intFlag(options, 'requests', 200);
  const warmup = intFlag(options, 'warmup', 20);
  const budgetMs = intFlag(options, 'budget', 60) * 1000;
  const minRequests = intFlag(options, 'min', 30);
  const port = intFlag(options, 'port', 3150);
  const databaseUrl = benchTarget('DATABASE_URL');
  benchTarget('KAFKA_BROKERS');

  const dataSource = await new DataSource(measuresDataSourceOptions(databaseUrl)).initialize();
  let counts: Record<string, number>;
  try {
    const rates = new CostRates(dataSource);
    for (const [i, provider] of PROVIDERS.entries()) await rates.set(provider, (30 + 2.5 * i).toFixed(2));
    const [row] = (await dataSource.query(
      `SELECT (SELECT count(*) FROM journey_facts)::int AS journeys,
              (SELECT coalesce(sum(count), 0) FROM measure_counts
               WHERE grain = 'day' AND provider_id <> '' AND area_code <> '')::bigint::text AS activity_events,
              (SELECT count(*) FROM closures)::int AS closures,
              (SELECT count(*) FROM measure_counts)::int AS count_rows,
              (SELECT count(*) FROM measure_closures)::int AS closure_count_rows,
              (SELECT count(*) FROM measure_minutes)::int AS minutes_rows,
              (SELECT count(*) FROM measure_values)::int AS histogram_rows`,
    )) as [Record<string, number | string>];
    counts = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
  } finally {
    await dataSource.destroy();
  }
  say(
    `projections: ${Object.entries(counts)
      .map(([k, v]) => `${k} ${int(v)}`)
      .join(', ')}`,
  );

  const key = issueCommissionerKey('bench-commissioner', { label: 'query-latency benchmark' });
  say(`starting measures-service on 127.0.0.1:${port}`);
  const service: RunningService = await startService(
    'measures-service',
    port,
    {},
    { logDir: join(root, 'tmp/bench-logs') },
  );
  const stopOnSignal = () => {
    say('interrupted: stopping measures-service');
    void service.stop().then(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const lines: string[] = [];
  try {
    // The API answers whole months and whole weeks only (decision 0013): two years of each, to this one.
    const { from, now } = twoYearsToToday();
    const [first, today] = [new Date(from), new Date(now)];
    const monthStart = day(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
    const monthEnd = day(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0));
    const monday = (ms: number) => ms - ((new Date(ms).getUTCDay() + 6) % 7) * 86_400_000;
    const range = `from=${monthStart}&to=${monthEnd}`;
    const weeks = `from=${day(monday(from))}&to=${day(monday(now) + 6 * 86_400_000)}`;
    const shapes: Shape[] = [
      { name: '2 years, groupBy=month', path: `/v1/measures?${range}&groupBy=month` },
      { name: '2 years, groupBy=week', path: `/v1/measures?${weeks}&groupBy=week` },
      { name: '2 years, one provider, by month', path: `/v1/measures?${range}&provider=${PROVIDERS[0]}&groupBy=month` },
      { name: '2 years, one area, by week', path: `/v1/measures?${weeks}&area=${AREAS[0]}&groupBy=week` },
      { name: '2 years, by week, CSV', path: `/v1/measures?${weeks}&groupBy=week&format=csv` },
      { name: 'XmR end-to-end, by week, 2 years', path: `/v1/measures/end-to-end-days/xmr?by=week&${weeks}` },
      {
        name: 'XmR end-to-end, by closure group, 2 years',
        path: `/v1/measures/end-to-end-days/xmr?by=closure-group&${range}`,
      },
      {
        name: 'XmR end-to-end, by closure group, limit 1000',
        path: `/v1/measures/end-to-end-days/xmr?by=closure-group&${range}&limit=1000`,
      },
    ];
    const get = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${service.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
      const body = await response.text();
      return { ms: performance.now() - started, status: response.status, body };
    };

    const whole = await get(shapes[0]?.path ?? '');
    const opened = /"volume\.journeys_opened":\{"value":(\d+)\}/.exec(whole.body)?.[1];
    lines.push(
      `measures-service over ${int(counts['journeys'] ?? 0)} projected journeys (${int(counts['activity_events'] ?? 0)} ` +
        `counted activities, ${int(counts['closures'] ?? 0)} closures; rollup rows: ${int(counts['count_rows'] ?? 0)} ` +
        `counts, ${int(counts['closure_count_rows'] ?? 0)} closure counts, ${int(counts['minutes_rows'] ?? 0)} ` +
        `minutes, ${int(counts['histogram_rows'] ?? 0)} histogram); ` +
        `journeys opened in ${range.replace('&', ' … ')}: ${opened ? int(Number(opened)) : 'n/a'}`,
      `per shape, sequential requests after ${warmup} warm-up requests (or 10 s of them): ${requests}, or as many as ` +
        `fit in ${budgetMs / 1000} s once ${minRequests} are done; performance.now() around fetch + body read`,
      '',
      '| shape | requests | p50 | p95 | p99 | max | response |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    lines.push(...(await timePaths(get, shapes, { warmup, requests, minRequests, budgetMs, warmupBudgetMs: 10_000 })));
    lines.push('', 'paths:', ...shapes.map((s) => `- ${s.name}: GET ${s.path}`));
  } finally {
    const code = await service.stop();
    if (code !== 0) say(`measures-service exited with ${code} (see tmp/bench-logs/measures-service.log)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
