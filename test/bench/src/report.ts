import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { CpuUsage, EVERYTHING_ELSE, IDLE } from './cpu';
import { describeErrors, errorCount, Figures, percentile, Sample } from './stats';

const OTHER_ROWS = new Set([EVERYTHING_ELSE, IDLE]);

/** The goal the issue sets for journey commands through the API. */
export const TARGET = { perSecond: 200, p99Ms: 300 };
/** The aim issue 13 sets against the bare engine measured in the same run. */
export const AIM = { throughputOfCeiling: 0.7, p99OfCeiling: 2 };

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
  /** The bare engine on the same stack (ceiling/workflow.ts), same callers and share of opens. */
  ceiling?: Figures & { samples: Sample[]; window: { from: number; to: number }; cpu?: CpuUsage[] | undefined };
  baseline?: Figures & { total: number; seconds: number; concurrency: number; durability: string };
  baselineNote?: string;
  cpu?: CpuUsage[];
  freshness: string[];
  notes: string[];
}

type Column = (Figures & { total?: number }) | undefined;

export function report(input: ReportInput): string {
  const { api, ceiling, baseline } = input;
  const cell = (x: Column, f: (x: Figures & { total?: number }) => string) => (x ? f(x) : 'not run');
  const quotient = (x: Column, f: (x: Figures) => number, label = '') => (x ? `${ratio(f(api) / f(x))}${label}` : '');
  const row = (label: string, f: (x: Figures & { total?: number }) => string, of?: (x: Figures) => number, tag = '') =>
    `| ${label} | ${f(api)} | ${cell(ceiling, f)} | ${cell(baseline, f)} | ` +
    `${of ? quotient(ceiling, of, tag) : ''} | ${of ? quotient(baseline, of, tag) : ''} |`;
  const lines = [
    input.machine,
    input.runLine,
    '',
    '| figure | API: journey-api → Temporal → Kafka → projection | bare engine: one Update, nothing else (ceiling) | ' +
      'plain INSERT baseline, same commands | API ÷ ceiling | API ÷ baseline |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    `| commands sent (whole run) | ${int(input.apiTotal)} | ${cell(ceiling, () => int(ceiling?.samples.length ?? 0))} | ` +
      `${cell(baseline, () => int(baseline?.total ?? 0))} | | |`,
    row('commands measured', (x) => int(x.count)),
    row(
      'commands/s sustained (2xx)',
      (x) => rate(x.perSecond),
      (x) => x.perSecond,
      ' (throughput)',
    ),
    row(
      'latency p50',
      (x) => ms(x.p50),
      (x) => x.p50,
    ),
    row(
      'latency p95',
      (x) => ms(x.p95),
      (x) => x.p95,
    ),
    row(
      'latency p99',
      (x) => ms(x.p99),
      (x) => x.p99,
      ' (p99)',
    ),
    row('latency max', (x) => ms(x.max)),
    row('errors (non-2xx or no answer)', (x) => int(errorCount(x))),
    '',
  ];
  const met = api.perSecond >= TARGET.perSecond && api.p99 < TARGET.p99Ms && errorCount(api) === 0;
  lines.push(
    `target (≥ ${TARGET.perSecond} commands/s sustained with p99 < ${TARGET.p99Ms} ms, no errors): ` +
      `${met ? 'MET' : 'NOT MET'} — ${rate(api.perSecond)} commands/s, p99 ${ms(api.p99)}, ` +
      `${int(errorCount(api))} errors`,
  );
  if (ceiling) {
    const near = api.perSecond >= AIM.throughputOfCeiling * ceiling.perSecond;
    const quick = api.p99 <= AIM.p99OfCeiling * ceiling.p99;
    lines.push(
      `aim against the ceiling (throughput ≥ ${AIM.throughputOfCeiling} of it, p99 ≤ ${AIM.p99OfCeiling}× its p99, ` +
        `no errors): ${near && quick && errorCount(api) === 0 ? 'MET' : 'NOT MET'} — ` +
        `${ratio(api.perSecond / ceiling.perSecond)} of its throughput, ${ratio(api.p99 / ceiling.p99)}× its p99`,
    );
    lines.push(`ceiling errors: ${describeErrors(ceiling.errors)}`);
  }
  lines.push(`API errors by status: ${describeErrors(api.errors)}`);
  if (baseline) {
    lines.push(
      `baseline: ${int(baseline.total)} INSERTs by ${baseline.concurrency} concurrent connections in ` +
        `${baseline.seconds.toFixed(1)} s (${baseline.durability}); errors: ${describeErrors(baseline.errors)}`,
    );
  }
  if (input.baselineNote) lines.push(`baseline: ${input.baselineNote}`);

  lines.push(...kindTable('API', input.apiSamples, input.window));
  if (ceiling) lines.push(...kindTable('ceiling', ceiling.samples, ceiling.window));
  if (input.cpu) lines.push(...cpuTable('API run', input.cpu, input.window, api.ok, false));
  if (ceiling?.cpu) {
    lines.push(...cpuTable('ceiling run', ceiling.cpu, ceiling.window, ceiling.ok, true));
    lines.push('', 'In the ceiling run the bench process is both the client and the minimal workflow worker.');
  }
  if (input.freshness.length > 0) lines.push('', ...input.freshness.map((f) => `- ${f}`));
  if (input.notes.length > 0) lines.push('', ...input.notes.map((n) => `note: ${n}`));
  lines.push('', resultLine(input));
  return lines.join('\n');
}

/** The last line, for scripts: `RESULT name=value …`, values as plain numbers (NaN when not measured). */
export function resultLine({ api, ceiling, baseline }: ReportInput): string {
  const fields = {
    commands_per_s: api.perSecond.toFixed(1),
    p50_ms: api.p50.toFixed(1),
    p99_ms: api.p99.toFixed(1),
    errors: String(errorCount(api)),
    ceiling_commands_per_s: (ceiling?.perSecond ?? Number.NaN).toFixed(1),
    ceiling_p99_ms: (ceiling?.p99 ?? Number.NaN).toFixed(1),
    ceiling_ratio: (api.perSecond / (ceiling?.perSecond ?? Number.NaN)).toFixed(3),
    insert_ratio: (api.perSecond / (baseline?.perSecond ?? Number.NaN)).toFixed(3),
  };
  return `RESULT ${Object.entries(fields)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ')}`;
}

/** Latency by kind of command over the measured window. */
function kindTable(run: string, samples: Sample[], window: { from: number; to: number }): string[] {
  const measured = samples.filter((s) => s.start >= window.from && s.start < window.to);
  const byKind = new Map<string, number[]>();
  for (const s of measured) byKind.set(s.kind, [...(byKind.get(s.kind) ?? []), s.end - s.start]);
  const rows = [...byKind.entries()].sort((x, y) => y[1].length - x[1].length);
  return [
    '',
    `| command (${run}, measured window) | count | share | p50 | p95 | p99 |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(([kind, latencies]) => {
      latencies.sort((x, y) => x - y);
      const share = `${((100 * latencies.length) / Math.max(1, measured.length)).toFixed(1)} %`;
      return (
        `| ${kind} | ${int(latencies.length)} | ${share} | ${ms(percentile(latencies, 0.5))} | ` +
        `${ms(percentile(latencies, 0.95))} | ${ms(percentile(latencies, 0.99))} |`
      );
    }),
  ];
}

/**
 * CPU time each process spent per command answered in the window: what a command costs, whatever else ran.
 * `activeOnly` leaves out processes that did (next to) nothing, such as the services stopped before the ceiling.
 */
function cpuTable(
  run: string,
  cpu: CpuUsage[],
  window: { from: number; to: number },
  ok: number,
  activeOnly: boolean,
): string[] {
  const seconds = (window.to - window.from) / 1000;
  const perCommand = (percent: number) => ms((10 * percent * seconds) / Math.max(1, ok));
  const named = cpu.filter((u) => !OTHER_ROWS.has(u.name) && (!activeOnly || u.percentOfCore >= 0.5));
  const total = named.reduce((sum, u) => sum + u.percentOfCore, 0);
  return [
    '',
    `| process (${run}, measured window) | CPU, % of one core | CPU per command |`,
    '| --- | ---: | ---: |',
    ...named.map((u) => `| ${u.name} | ${u.percentOfCore.toFixed(0)} % | ${perCommand(u.percentOfCore)} |`),
    `| **all of the above** | **${total.toFixed(0)} %** | **${perCommand(total)}** |`,
    ...cpu.filter((u) => OTHER_ROWS.has(u.name)).map((u) => `| ${u.name} | ${u.percentOfCore.toFixed(0)} % | |`),
  ];
}

export const loadAtStart = () => loadavg();
