import {
  addDays,
  CLOSURE_COUNT_NAMES,
  CLOSURE_COUNTS,
  CLOSURE_VALUES,
  nextStart,
  periodsOf,
  startOf,
  type ClosureFacts,
  type MeasuresFilter,
  type Population,
  type ValueMeasure,
} from '@waymark/measures-maths';

/**
 * How the rollup tables are keyed, written and read. Each day-level row from the projection is added to its day,
 * ISO week and month, each for its provider and area, for every provider (''), every area ('') and both — except
 * the provider-and-area pair, which is kept by day only (one provider in one area is small enough to read by
 * day). A query then sums a few rows per span (segmentsOf).
 */
export type Grain = 'day' | 'week' | 'month';

/** A rollup table: besides provider, area, grain and period, the columns that key a row and the ones summed. */
export interface RollupTable {
  name: string;
  keys: readonly string[];
  sums: readonly string[];
}

export const ROLLUP_TABLES = {
  activity: { name: 'measure_counts', keys: ['metric'], sums: ['count'] },
  closures: {
    name: 'measure_closures',
    keys: [],
    sums: CLOSURE_COUNT_NAMES.map(snakeCase),
  },
  minutes: { name: 'measure_minutes', keys: ['basis', 'worker_provider_id'], sums: ['minutes'] },
  values: { name: 'measure_values', keys: ['measure', 'bucket'], sums: ['count'] },
} as const satisfies Record<string, RollupTable>;

/**
 * Which rows a write reaches: `all` (the live consumer), or `days`, only each provider-and-area's day: a rebuild
 * writes those and then derives the rest at once (deriveRollups), far cheaper than adding to shared rows batch by
 * batch.
 */
export type RollupScope = 'all' | 'days';

const SCOPE: Record<RollupScope, string> = {
  all: `g.grain = 'day' OR v.provider_id = '' OR v.area_code = ''`,
  days: `g.grain = 'day' AND v.provider_id <> '' AND v.area_code <> ''`,
};

/** Every row a day-level row `u` could reach: its day, week and month, by pair, provider, area and neither. */
const TARGETS = `
  CROSS JOIN LATERAL (VALUES ('day', u.day), ('week', date_trunc('week', u.day)::date),
                             ('month', date_trunc('month', u.day)::date)) AS g(grain, period)
  CROSS JOIN LATERAL (VALUES (u.provider_id, u.area_code), (u.provider_id, ''), ('', u.area_code), ('', ''))
    AS v(provider_id, area_code)`;

const keyOf = (table: RollupTable) => ['provider_id', 'area_code', 'grain', 'period', ...table.keys];

/** INSERT … SELECT of the rollup rows that the day-level rows of `source` (aliased `u`) reach, in `scope`. */
function insertRollups(table: RollupTable, source: string, scope: string): string {
  const key = keyOf(table);
  const sums = [...table.keys.map((k) => `u.${k}`), ...table.sums.map((c) => `sum(u.${c})`)];
  return `
    INSERT INTO ${table.name} AS t (${[...key, ...table.sums].join(', ')})
    SELECT v.provider_id, v.area_code, g.grain, g.period, ${sums.join(', ')}
    FROM ${source} AS u
    ${TARGETS}
    WHERE ${scope}
    GROUP BY ${key.map((_, i) => i + 1).join(', ')}`;
}

/**
 * Adds day-level rows to the rollup rows they reach. `source` is a FROM item giving day, provider_id, area_code
 * and the table's keys and sums, in columns of those names. Rows go in key order, so concurrent writers lock
 * shared rows in the same order.
 */
export function addToRollups(table: RollupTable, source: string, scope: RollupScope): string {
  const key = keyOf(table);
  return `${insertRollups(table, `(SELECT * FROM ${source})`, SCOPE[scope])}
    ORDER BY ${key.map((_, i) => i + 1).join(', ')}
    ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${table.sums.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ')}`;
}

/**
 * Works out the rows for every provider or area, and the weeks and months, from the provider-and-area days, for
 * a rebuild: the old ones go, and the new ones are inserted with the primary key dropped and built again after,
 * several times faster than row-by-row index inserts. Holds the table's exclusive lock while it runs.
 */
export function deriveRollups(table: RollupTable): string[] {
  const days = `(SELECT period AS day, provider_id, area_code, ${[...table.keys, ...table.sums].join(', ')}
    FROM ${table.name} WHERE grain = 'day' AND provider_id <> '' AND area_code <> '')`;
  return [
    `SET LOCAL work_mem = '128MB'`,
    `SET LOCAL maintenance_work_mem = '256MB'`,
    `DELETE FROM ${table.name} WHERE provider_id = '' OR area_code = ''`,
    `ALTER TABLE ${table.name} DROP CONSTRAINT ${table.name}_pkey`,
    insertRollups(table, days, `v.provider_id = '' OR v.area_code = ''`),
    `ALTER TABLE ${table.name} ADD PRIMARY KEY (${keyOf(table).join(', ')}) INCLUDE (${table.sums.join(', ')})`,
  ];
}

/** A column's name for a camel-case name: the closures table's for a ClosureFacts field, the rollups' for a count. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/**
 * The SQL condition on `closures` rows for a population of the measure catalogue: the same closures as
 * inPopulation (measures-maths) selects. A boolean is the column itself, so partial indexes' predicates match.
 */
export function populationSql(population: Population): string {
  if (population.length === 0) return 'TRUE';
  return population
    .map((condition) => {
      const column = snakeCase(condition[0] satisfies keyof ClosureFacts);
      switch (condition[1]) {
        case 'is':
          return condition[2] === true ? column : `${column} = ${sqlLiteral(condition[2])}`;
        case 'present':
          return `${column} IS NOT NULL`;
        case 'at least':
          return `${column} >= ${Number(condition[2])}`;
      }
    })
    .join(' AND ');
}

const sqlLiteral = (value: string | boolean) =>
  typeof value === 'boolean' ? String(value).toUpperCase() : `'${value.replace(/'/g, "''")}'`;

/**
 * The closure values behind each published percentile (CLOSURE_VALUES), kept as count histograms of value ÷ width
 * (truncated): the histogram finds the bucket a percentile's neighbours are in, and one lookup of that bucket in
 * `closures` (an index per measure on the same expression; migration 1764576000000) finds the values among the
 * rows of the value's population. Width 1 needs no lookup: the bucket is the value.
 */
export const VALUE_BUCKETS = Object.fromEntries(
  Object.entries(CLOSURE_VALUES).map(([measure, { of, bucketWidth }]) => [
    measure,
    { width: bucketWidth, closures: populationSql(CLOSURE_COUNTS[of].where) },
  ]),
) as Record<ValueMeasure, { width: number; closures: string }>;

/** One rollup row's span (a day, an ISO week from its Monday, or a month from its 1st) and the period it adds to. */
export interface Segment {
  grain: Grain;
  start: string;
  period: string;
}

/**
 * The rollup spans that add up to each period of the filter, exactly and without overlap: whole months where they
 * fit, whole weeks where they fit in what is left, days for the rest. A period of two years is about 40 spans.
 * One provider in one area is kept by day only (see the writer), so that filter reads days.
 */
export function segmentsOf(filter: MeasuresFilter): Segment[] {
  const grains: Grain[] =
    filter.provider !== undefined && filter.area !== undefined ? ['day'] : ['month', 'week', 'day'];
  return periodsOf(filter).flatMap(({ bucket, start, end }) =>
    cover(start, end, grains).map((span) => ({ ...span, period: bucket })),
  );
}

function cover(from: string, to: string, [grain, ...finer]: Grain[]): Omit<Segment, 'period'>[] {
  if (from > to) return [];
  if (grain === 'day') {
    const days: Omit<Segment, 'period'>[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push({ grain, start: day });
    return days;
  }
  const whole: string[] = [];
  let start = startOf(from, grain) === from ? from : nextStart(startOf(from, grain), grain);
  const first = start;
  for (; addDays(nextStart(start, grain), -1) <= to; start = nextStart(start, grain)) whole.push(start);
  if (whole.length === 0) return cover(from, to, finer);
  return [
    ...cover(from, addDays(first, -1), finer),
    ...whole.map((s) => ({ grain, start: s })),
    ...cover(start, to, finer),
  ];
}
