/**
 * The SQL behind each query shape of query-latency.ts, with its plan: `MeasuresQueries` is run once per shape
 * with the PostgreSQL query runner wrapped (in this process only) to catch each statement and its parameters,
 * then each statement is run again under `EXPLAIN (ANALYZE, BUFFERS)` with the same parameters, one at a time.
 *
 *   node -r @swc-node/register test/bench/src/measures/explain-queries.ts [--shape=<part of a name>] [--plans=1]
 *
 * Prints each statement's execution time (and with --plans=1 the whole plan). Needs DATABASE_URL of a stack of
 * one's own (see bench-env.ts) holding the projections.
 */
import type { MeasuresFilter } from '@waymark/measures-maths';
import { measuresDataSourceOptions, MeasuresQueries } from '@waymark/measures-store';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { benchTarget, flags, say } from './bench-env';
import { AREAS, PROVIDERS, twoYearsToToday } from './synthetic';

type Run = (q: MeasuresQueries) => Promise<unknown>;

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['shape', 'plans']);
  const only = options.get('shape');
  const showPlans = options.get('plans') === '1';
  const { from, now } = twoYearsToToday();
  const range = { from: day(from), to: day(now) };
  const f = (extra: Partial<MeasuresFilter>): MeasuresFilter => ({ ...range, groupBy: 'none', ...extra });
  const shapes: [string, Run][] = [
    ['2 years, groupBy=none', (q) => q.periods(f({}))],
    ['2 years, groupBy=month', (q) => q.periods(f({ groupBy: 'month' }))],
    ['2 years, groupBy=week', (q) => q.periods(f({ groupBy: 'week' }))],
    ['2 years, one provider, by month', (q) => q.periods(f({ provider: PROVIDERS[0], groupBy: 'month' }))],
    ['2 years, one area, by week', (q) => q.periods(f({ area: AREAS[0], groupBy: 'week' }))],
    ['XmR end-to-end, by week, 2 years', (q) => q.weeklyEndToEnd(f({ groupBy: 'week' }))],
    ['XmR end-to-end, by closure group, 2 years', (q) => q.recentClosureGroups(f({}), 10, 100)],
  ];

  const dataSource = await new DataSource(measuresDataSourceOptions(benchTarget('DATABASE_URL'))).initialize();
  const queries = new MeasuresQueries(dataSource);
  const proto = PostgresQueryRunner.prototype;
  const original = proto.query;
  const lines: string[] = [];
  try {
    for (const [name, run] of shapes) {
      if (only && !name.includes(only)) continue;
      const caught: { sql: string; params: unknown[] }[] = [];
      proto.query = async function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
        // Only reads of the projections (not BEGIN, SET, pg_export_snapshot).
        if (/(?:FROM|JOIN) (measure_\w+|closures)/.test(args[0])) caught.push({ sql: args[0], params: args[1] ?? [] });
        return original.apply(this, args);
      } as typeof original;
      try {
        await run(queries);
      } finally {
        proto.query = original;
      }
      lines.push(`## ${name}`);
      for (const { sql, params } of caught) {
        const plan = (await dataSource.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)) as {
          'QUERY PLAN': string;
        }[];
        const text = plan.map((r) => r['QUERY PLAN']);
        const table = /(?:FROM|JOIN) (measure_\w+|closures)/.exec(sql)?.[1] ?? '?';
        const top = text[0]?.replace(/\s+\(cost=[^)]*\)/, '').trim();
        lines.push(`- ${table}: ${text.find((l) => l.startsWith('Execution Time')) ?? '?'}; top node: ${top}`);
        if (showPlans) lines.push('', `    params: ${JSON.stringify(params)}`, ...text.map((l) => `    ${l}`), '');
      }
      say(`${name} explained`);
    }
  } finally {
    await dataSource.destroy();
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
