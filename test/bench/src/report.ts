import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { CpuUsage, EVERYTHING_ELSE, IDLE } from './cpu';
import { describeErrors, errorCount, Figures, percentile, Sample } from './stats';

const OTHER_ROWS = new Set([EVERYTHING_ELSE, IDLE]);

/** The goal the issue sets for journey commands through the API. */
export const TARGET = { perSecond: 200, p99Ms: 300 };

export const ms = (value: number) =>
  Number.isNaN(value) ? 'n/a' : value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
const int = (value: number) => Math.round(value).toLocaleString('en-GB');
const rate = (value: number) => (value < 100 ? value.toFixed(1) : int(value));
const ratio = (value: number) => (Number.isFinite(value) ? (value < 1 ? value.toFixed(3) : value.toFixed(1)) : 'n/a');

/** One line to say what ran where: cores, memory, node, date, load on the machine when it started. */
export function machineLine(startedAt: Date, loadAtStart: number[]): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown';
  return [
    `machine: ${cpus().length} cores (${model})`,
    `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `${type()} ${release()}`,
    `node ${process.version}`,
    startedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    `load average at start ${loadAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  ].join(', ');
}

export interface ReportInput {
  runLine: string;
  machine: string;
  api: Figures;
  apiTotal: number;
  apiSamples: Sample[];
  window: { from: number; to: number };
  baseline?: Figures & { total: number; seconds: number; concurrency: number; durability: string };
  baselineNote?: string;
  cpu?: CpuUsage[];
  freshness: string[];
  notes: string[];
}

export function report(input: ReportInput): string {
  const { api, baseline } = input;
  const row = (label: string, a: string, b: string, r = '') => `| ${label} | ${a} | ${b} | ${r} |`;
  const b = (f: (x: NonNullable<typeof baseline>) => string) => (baseline ? f(baseline) : 'not run');
  const lines = [
    input.machine,
    input.runLine,
    '',
    '| figure | API: journey-api → Temporal → Kafka → projection | plain INSERT baseline, same commands | API ÷ baseline |',
    '| --- | ---: | ---: | ---: |',
    row(
      'commands sent (whole run)',
      int(input.apiTotal),
      b((x) => int(x.total)),
    ),
    row(
      'commands measured',
      `${int(api.count)} (after warm-up)`,
      b((x) => `${int(x.count)} (all)`),
    ),
    row(
      'commands/s sustained (2xx)',
      rate(api.perSecond),
      b((x) => rate(x.perSecond)),
      baseline ? `${ratio(api.perSecond / baseline.perSecond)} (throughput)` : '',
    ),
    row(
      'latency p50',
      ms(api.p50),
      b((x) => ms(x.p50)),
      baseline ? ratio(api.p50 / baseline.p50) : '',
    ),
    row(
      'latency p95',
      ms(api.p95),
      b((x) => ms(x.p95)),
      baseline ? ratio(api.p95 / baseline.p95) : '',
    ),
    row(
      'latency p99',
      ms(api.p99),
      b((x) => ms(x.p99)),
      baseline ? `${ratio(api.p99 / baseline.p99)} (p99)` : '',
    ),
    row(
      'latency max',
      ms(api.max),
      b((x) => ms(x.max)),
    ),
    row(
      'errors (non-2xx or no answer)',
      int(errorCount(api)),
      b((x) => int(errorCount(x))),
    ),
    '',
  ];
  const met = api.perSecond >= TARGET.perSecond && api.p99 < TARGET.p99Ms && errorCount(api) === 0;
  lines.push(
    `target (≥ ${TARGET.perSecond} commands/s sustained with p99 < ${TARGET.p99Ms} ms, no errors): ` +
      `${met ? 'MET' : 'NOT MET'} — ${rate(api.perSecond)} commands/s, p99 ${ms(api.p99)}, ` +
      `${int(errorCount(api))} errors`,
  );
  lines.push(`API errors by status: ${describeErrors(api.errors)}`);
  if (baseline) {
    lines.push(
      `baseline: ${int(baseline.total)} INSERTs by ${baseline.concurrency} concurrent connections in ` +
        `${baseline.seconds.toFixed(1)} s (${baseline.durability}); errors: ${describeErrors(baseline.errors)}`,
    );
  }
  if (input.baselineNote) lines.push(`baseline: ${input.baselineNote}`);

  lines.push(
    '',
    '| command (API, measured window) | count | share | p50 | p95 | p99 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  );
  const measured = input.apiSamples.filter((s) => s.start >= input.window.from && s.start < input.window.to);
  const byKind = new Map<string, number[]>();
  for (const s of measured) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.end - s.start]);
  for (const [kind, latencies] of [...byKind.entries()].sort((x, y) => y[1].length - x[1].length)) {
    latencies.sort((x, y) => x - y);
    const share = `${((100 * latencies.length) / Math.max(1, measured.length)).toFixed(1)} %`;
    lines.push(
      `| ${kind} | ${int(latencies.length)} | ${share} | ${ms(percentile(latencies, 0.5))} | ` +
        `${ms(percentile(latencies, 0.95))} | ${ms(percentile(latencies, 0.99))} |`,
    );
  }

  if (input.cpu) {
    // CPU time each process spent per command answered in the window: what a command costs, whatever else ran.
    const seconds = (input.window.to - input.window.from) / 1000;
    const perCommand = (percent: number) => ms((10 * percent * seconds) / Math.max(1, api.ok));
    const named = input.cpu.filter((u) => !OTHER_ROWS.has(u.name));
    const total = named.reduce((sum, u) => sum + u.percentOfCore, 0);
    lines.push(
      '',
      '| process (measured window) | CPU, % of one core | CPU per command |',
      '| --- | ---: | ---: |',
      ...named.map((u) => `| ${u.name} | ${u.percentOfCore.toFixed(0)} % | ${perCommand(u.percentOfCore)} |`),
      `| **all of the above** | **${total.toFixed(0)} %** | **${perCommand(total)}** |`,
      ...input.cpu
        .filter((u) => OTHER_ROWS.has(u.name))
        .map((u) => `| ${u.name} | ${u.percentOfCore.toFixed(0)} % | |`),
    );
  }
  if (input.freshness.length > 0) lines.push('', ...input.freshness.map((f) => `- ${f}`));
  if (input.notes.length > 0) lines.push('', ...input.notes.map((n) => `note: ${n}`));
  return lines.join('\n');
}

export const loadAtStart = () => loadavg();
