/**
 * Latency of the commissioners' dashboard over large projections: each page as a browser asks for it (signed in, the
 * whole HTML rendered with its charts), sequential requests, one page at a time, timed with `performance.now()` around
 * the whole request (body read included), after a warm-up per page.
 *
 *   node -r @swc-node/register test/bench/src/measures/dashboard-latency.ts [--requests=100] [--warmup=10] \
 *     [--budget=60] [--min=30] [--port=3153]
 *
 * Needs DATABASE_URL of a stack of one's own (see bench-env.ts) whose projections hold the journeys (apply-store.ts),
 * and the dashboard and ops-cli built. Sets an hourly rate for each synthetic provider, issues a commissioner key
 * with ops-cli, starts the dashboard from dist/ on 127.0.0.1:<port> over plain HTTP (log in tmp/bench-logs/), signs
 * in through its form, and stops it again.
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

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['requests', 'warmup', 'port', 'budget', 'min']);
  const requests = intFlag(options, 'requests', 100);
  const warmup = intFlag(options, 'warmup', 10);
  const budgetMs = intFlag(options, 'budget', 60) * 1000;
  const minRequests = intFlag(options, 'min', 30);
  const port = intFlag(options, 'port', 3153);
  const databaseUrl = benchTarget('DATABASE_URL');

  const dataSource = await new DataSource(measuresDataSourceOptions(databaseUrl)).initialize();
  let journeys: number;
  try {
    const rates = new CostRates(dataSource);
    for (const [i, provider] of PROVIDERS.entries()) await rates.set(provider, (30 + 2.5 * i).toFixed(2));
    const [row] = (await dataSource.query(`SELECT count(*)::int AS journeys FROM journey_facts`)) as [
      { journeys: number },
    ];
    journeys = row.journeys;
  } finally {
    await dataSource.destroy();
  }
  say(`projections: ${int(journeys)} journeys`);

  const key = issueCommissionerKey('bench-commissioner', { label: 'dashboard-latency benchmark' });
  say(`starting the dashboard on 127.0.0.1:${port}`);
  const dashboard: RunningService = await startService(
    'dashboard',
    port,
    { DASHBOARD_SECURE_COOKIE: 'false' },
    { logDir: join(root, 'tmp/bench-logs') },
  );
  const lines: string[] = [];
  try {
    const cookie = await signIn(dashboard.url, key);
    const { from, now } = twoYearsToToday();
    const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
    const months = `period=month&from=${month(from)}&to=${month(now)}`;
    const weeks = `period=week&from=${isoWeek(from)}&to=${isoWeek(now)}`;
    const changeDate = new Date(from + (now - from) / 2).toISOString().slice(0, 10);
    const pages = [
      { name: 'Overview, 2 years by month', path: `/?${months}` },
      { name: 'Overview, 2 years by week', path: `/?${weeks}` },
      { name: 'Overview, one provider, 2 years by month', path: `/?${months}&provider=${PROVIDERS[0]}` },
      { name: 'End-to-end, 2 years by week', path: `/end-to-end?${weeks}` },
      {
        name: 'End-to-end, by week, change date and target',
        path: `/end-to-end?${weeks}&changeDate=${changeDate}&target=30`,
      },
      { name: 'End-to-end, 2 years by month (closure groups)', path: `/end-to-end?${months}` },
      { name: 'Failure demand, 2 years by month', path: `/failure-demand?${months}` },
      { name: 'Flow, 2 years by month', path: `/flow?${months}` },
      { name: 'What matters, 2 years by month', path: `/what-matters?${months}` },
      { name: 'Cost, 2 years by month', path: `/cost?${months}` },
      { name: 'Cost, one area, 2 years by week', path: `/cost?${weeks}&area=${AREAS[0]}` },
      { name: 'CSV of the overview table, 2 years by week', path: `/csv/overview/value-volume?${weeks}` },
    ];
    const get = async (path: string) => {
      const started = performance.now();
      const response = await fetch(`${dashboard.url}${path}`, { headers: { cookie }, redirect: 'manual' });
      const body = await response.text();
      return { ms: performance.now() - started, status: response.status, body };
    };
    lines.push(
      `the dashboard over ${int(journeys)} projected journeys; per page, sequential requests after ${warmup} ` +
        `warm-up requests: ${requests}, or as many as fit in ${budgetMs / 1000} s once ${minRequests} are done; ` +
        'performance.now() around fetch + body read',
      '',
      '| page | requests | p50 | p95 | p99 | max | HTML |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    lines.push(...(await timePaths(get, pages, { warmup, requests, minRequests, budgetMs })));
    lines.push('', 'paths:', ...pages.map((p) => `- ${p.name}: GET ${p.path}`));
  } finally {
    const code = await dashboard.stop();
    if (code !== 0) say(`the dashboard exited with ${code} (see tmp/bench-logs/dashboard.log)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** Signs in through the form, as a browser does (its CSRF cookie and token), and returns the cookies to send. */
async function signIn(base: string, key: string): Promise<string> {
  const form = await fetch(`${base}/sign-in`);
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const set of response.headers.getSetCookie()) {
      const [pair = ''] = set.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  keep(form);
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!token) throw new Error('no CSRF token in the sign-in form');
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const signedIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ key, _csrf: token }).toString(),
  });
  keep(signedIn);
  if (signedIn.status !== 303 || !jar.has('waymark-session')) throw new Error(`sign-in answered ${signedIn.status}`);
  return cookie();
}

/** `YYYY-Www` of the ISO week a time falls in. */
function isoWeek(ms: number): string {
  const date = new Date(ms);
  const thursday = Date.UTC(
    date.getUTCFullYear(),
    date.getUTCMonth(),
    date.getUTCDate() + 3 - ((date.getUTCDay() + 6) % 7),
  );
  const year = new Date(thursday).getUTCFullYear();
  const week = Math.floor((thursday - Date.UTC(year, 0, 1)) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
