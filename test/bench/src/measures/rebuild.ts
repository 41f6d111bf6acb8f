/**
 * Times the real rebuild command, `node dist/apps/ops-cli/main.js measures rebuild`, against a benchmark stack
 * whose topic seed-topic.ts filled, and says where the CPU went meanwhile (ops-cli itself, PostgreSQL's
 * postmaster and backends, the Kafka broker, everything else on the machine, idle), from /proc.
 *
 *   node -r @swc-node/register test/bench/src/measures/rebuild.ts [--ops-cli=<path to main.js>]
 *
 * `--ops-cli` times another build of ops-cli (e.g. a copy of dist/apps/ops-cli from an earlier commit, kept in
 * the checkout so it finds node_modules) against the same topic, for before/after figures.
 * Needs the bench stack's variables (see bench-env.ts) and WAYMARK_DATA_DIR (for the stack's pid files), ops-cli
 * built, and measures-service stopped. Passes ops-cli's output through and adds a summary.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cpuAvailable, CpuTarget, snapshot, stackTargets, usageBetween } from '../cpu';
import { benchTarget, flags, int, required, say } from './bench-env';

const root = join(__dirname, '../../../..');

async function main(): Promise<void> {
  benchTarget('KAFKA_BROKERS');
  benchTarget('DATABASE_URL');
  const dataDir = required('WAYMARK_DATA_DIR');
  const group = process.env['MEASURES_CONSUMER_GROUP'] ?? 'measures-service';
  const options = flags(process.argv.slice(2), ['ops-cli']);
  const args = [options.get('ops-cli') ?? join(root, 'dist/apps/ops-cli/main.js'), 'measures', 'rebuild'];
  say(`node ${args.join(' ')} (MEASURES_CONSUMER_GROUP=${group})`);

  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, MEASURES_CONSUMER_GROUP: group },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const targets: CpuTarget[] = [
    { name: 'ops-cli (replay, decoding, projectBatch, the SQL client)', pids: child.pid ? [child.pid] : [] },
    ...stackTargets(dataDir),
    { name: 'this runner', pids: [process.pid] },
  ];
  const before = cpuAvailable() ? snapshot(targets, performance.now()) : undefined;
  let output = '';
  let last = before;
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
    process.stdout.write(chunk);
    if (before) last = snapshot(targets, performance.now()); // the last one before ops-cli exits
  });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const wall = performance.now() - started;
  if (code !== 0) throw new Error(`ops-cli measures rebuild exited with ${code}`);

  const done = /rebuilt from (\d+) events in ([\d.]+) s/.exec(output);
  const events = Number(done?.[1] ?? NaN);
  const rebuildSeconds = Number(done?.[2] ?? NaN);
  const lines = [
    `rebuild: ${int(events)} events in ${rebuildSeconds.toFixed(1)} s as ops-cli counts it (replay start to ` +
      `last batch applied) → ${int(events / rebuildSeconds)} events/s; whole command ${(wall / 1000).toFixed(1)} s ` +
      `wall (start-up, migrations check, emptying the tables, moving the group) → ${int(events / (wall / 1000))} events/s`,
  ];
  if (before && last && last !== before) {
    const seconds = (last.at - before.at) / 1000;
    lines.push(
      `CPU from the start to ops-cli's last line (${seconds.toFixed(1)} s), % of one core and per 1,000 events:`,
    );
    for (const u of usageBetween(before, last)) {
      const perThousand = events > 0 ? ` (${((10 * u.percentOfCore * seconds) / (events / 1000)).toFixed(0)} ms)` : '';
      lines.push(`  ${u.name}: ${u.percentOfCore.toFixed(0)} %${perThousand}`);
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
