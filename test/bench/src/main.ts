/**
 * Journey commands through the providers' API, against the local stack, with a plain
 * PostgreSQL-INSERT baseline of the same commands measured in the same run.
 *
 *   npx nx run bench:bench [--providers=20] [--duration=60] [--warmup=10]
 *
 * Needs the services built (the Nx target builds them) and the stack up
 * (`infra/local/stack up`); takes the stack's variables from the environment, or from
 * `infra/local/stack env` when none is set. Starts journey-worker, measures-service and
 * journey-api on 127.0.0.1:3120–3122 and stops them again, whatever happens. Not a test:
 * `npm test` never runs it. See docs/benchmarks.md.
 */
import { DEFAULT_TIME_ZONE } from '@waymark/measures-maths';
import { issueCommissionerKey, issueKeyAsync, RunningService, startService, testPort } from '@waymark/test-support';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runBaseline } from './baseline';
import { runCeiling } from './ceiling/ceiling';
import { CpuTarget, cpuOverWindow, otherWaymarkServices, stackTargets } from './cpu';
import { describeHistogram, Freshness, probeFigures } from './freshness';
import { BenchOptions, parseOptions, UsageError } from './options';
import { otherJourneyWorkers } from './pollers';
import { loadAtStart, machineLine, ms, report } from './report';
import { figures, isOk } from './stats';
import { Workload } from './workload';

const root = join(__dirname, '../../..');
const PORTS = { api: testPort(3120), worker: testPort(3121), measures: testPort(3122) };
const SERVICES = ['journey-api', 'journey-worker', 'measures-service', 'ops-cli'];
const REQUEST_TIMEOUT_MS = 30_000;
const PROBE_EVERY_MS = 1_000;
const DRAIN_TIMEOUT_MS = 120_000;
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

const say = (message: string) => process.stderr.write(`[bench] ${message}\n`);

class Abort extends Error {}

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2), process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.message) process.stderr.write(`${error.message}\n`);
    process.stderr.write(`${error.usage}\n`);
    return error.message ? 64 : 0;
  }
  useStackEnvironment();
  const databaseUrl = process.env['DATABASE_URL'] ?? '';
  await checkPreconditions(databaseUrl);

  const abort = new AbortController();
  const services: RunningService[] = [];
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) {
      for (const s of services) if (s.pid) killQuietly(s.pid);
      process.exit(130);
    }
    say(`${signal}: stopping the load and every service this run started (again to kill them at once)`);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const checkAbort = () => {
    if (abort.signal.aborted) throw new Abort();
  };

  const startedAt = new Date();
  const load = loadAtStart();
  const { providers, durationS, warmupS } = options;
  let freshness: Freshness | undefined;
  try {
    say(`starting journey-api, journey-worker and measures-service on 127.0.0.1:${PORTS.api}–${PORTS.measures}`);
    const env = { RATE_LIMIT_PER_MINUTE: '100000000' }; // the limiter must not be what is measured
    const logDir = join(root, 'tmp/bench-logs');
    const started = await Promise.allSettled([
      startService('measures-service', PORTS.measures, env, { logDir }),
      startService('journey-worker', PORTS.worker, env, { logDir }),
      startService('journey-api', PORTS.api, env, { logDir }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    checkAbort();
    const [measures, worker, api] = services as [RunningService, RunningService, RunningService];

    say(`issuing API keys for ${providers} simulated providers`);
    const ids = Array.from({ length: providers }, (_, i) => `bench-provider-${String(i + 1).padStart(3, '0')}`);
    const keys = await mapLimited(ids, 4, (id) => issueKeyAsync(id));
    const commissionerKey = issueCommissionerKey('bench-commissioner', { label: 'journey benchmark freshness probe' });
    checkAbort();

    const ours = services.flatMap((s) => (s.pid ? [s.pid] : []));
    const cpuTargets: CpuTarget[] = [
      ...[api, worker, measures].flatMap((s) => (s.pid ? [{ name: s.name, pids: [s.pid] }] : [])),
      ...stackTargets(process.env['WAYMARK_DATA_DIR'] ?? join(root, '.waymark')),
      { name: 'bench (load generator)', pids: [process.pid] },
      { name: 'Waymark services not started by this run', pids: () => otherWaymarkServices(ours) },
    ];
    const temporal = {
      address: process.env['TEMPORAL_ADDRESS'] ?? '',
      namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'waymark',
    };
    const foreignWorkers = new Set(await otherJourneyWorkers(temporal.address, temporal.namespace, ours));
    if (foreignWorkers.size > 0) {
      say(
        `WARNING: other journey workers poll the task queue (${[...foreignWorkers].join(', ')}); they will share the load`,
      );
    }
    const t0 = performance.now();
    const window = { from: t0 + warmupS * 1000, to: t0 + durationS * 1000 };
    freshness = new Freshness({
      measuresUrl: measures.url,
      measuresManagementUrl: measures.managementUrl,
      commissionerKey,
      databaseUrl,
      probeEveryMs: PROBE_EVERY_MS,
      inWindow: (at) => at >= window.from && at < window.to,
      signal: abort.signal,
      timeZone: process.env['MEASURES_TIME_ZONE'] ?? DEFAULT_TIME_ZONE,
    });
    const probe = freshness;
    const workload = new Workload(
      ids.map((id, i) => ({ id, apiKey: keys[i] ?? '' })),
      {
        apiUrl: api.url,
        stopAt: window.to,
        signal: abort.signal,
        requestTimeoutMs: REQUEST_TIMEOUT_MS,
        areaFor: (at) => probe.claimArea(at),
        onOpenFailed: (areaCode) => probe.release(areaCode),
        onOpened: (journeyId, at, areaCode, occurredAt) => probe.onOpened(journeyId, at, areaCode, occurredAt),
      },
    );

    const cpu = cpuOverWindow(cpuTargets, window);
    const progress = setInterval(() => {
      const now = performance.now();
      const recent = workload.samples.filter((s) => s.end > now - 5_000);
      const errors = workload.samples.filter((s) => !isOk(s.status)).length;
      say(
        `${Math.round((now - t0) / 1000)} s: ${workload.samples.length} answered, ` +
          `${(recent.length / 5).toFixed(0)}/s in the last 5 s, ${errors} errors${now < window.from ? ' (warm-up)' : ''}`,
      );
    }, 5_000);

    say(`load: ${providers} providers for ${durationS} s (the first ${warmupS} s are warm-up)`);
    try {
      await workload.run();
    } finally {
      clearInterval(progress);
    }
    const cpuUsage = cpu.finish();
    checkAbort();
    const loadStopped = performance.now();
    for (const w of await otherJourneyWorkers(temporal.address, temporal.namespace, ours)) foreignWorkers.add(w);
    const apiFigures = figures(workload.samples, window.from, window.to);

    say(`waiting for the projections to catch up with ${workload.expectedEvents} events`);
    const drained = await freshness.drain(workload.journeyIds, workload.expectedEvents, loadStopped, DRAIN_TIMEOUT_MS);
    const lag = await freshness.lagHistogram(); // before the services stop
    checkAbort();

    say('stopping the services');
    const codes = await stopAll(services);
    const notes: string[] = [];
    if (foreignWorkers.size > 0) {
      notes.push(
        `other journey workers polled the journeys task queue during the run (${[...foreignWorkers].join(', ')}): ` +
          'they took a share of the workflow and activity tasks, and their CPU is not under journey-worker',
      );
    }
    codes.forEach((code, i) => {
      if (code !== 0) notes.push(`${services[i]?.name} exited with ${code} on SIGTERM (see tmp/bench-logs)`);
    });
    services.length = 0;
    checkAbort();

    const ceiling = await measureCeiling(workload, window, options, cpuTargets, abort.signal);
    checkAbort();

    say(`baseline: the same ${workload.samples.length} commands as plain INSERTs, ${providers} at a time`);
    const base = await runBaseline(databaseUrl, workload.sent, ids, abort.signal);
    checkAbort();
    const baseFigures = figures(base.samples, base.start, base.end + 1e-6);

    const probes = probeFigures(freshness.probes);
    const missed = [
      ...(freshness.probesMissed ? [`${freshness.probesMissed} not seen within 60 s`] : []),
      ...(freshness.probeErrors.length
        ? [`${freshness.probeErrors.length} ended by an error (${freshness.probeErrors.join(', ')})`]
        : []),
    ];
    const freshnessLines = [
      freshness.probes.length > 0
        ? `freshness, an open's 201 → the projections count it in its own area's day (the row the API sums; ` +
          `no API answer shows one journey): ${freshness.probes.length} probes (one at a time, at most one every ` +
          `${PROBE_EVERY_MS / 1000} s, in the measured window), p50 ${ms(probes.p50)}, p95 ${ms(probes.p95)}, ` +
          `p99 ${ms(probes.p99)}, max ${ms(probes.max)}${missed.length ? `; ${missed.join(', ')}` : ''}`
        : `freshness probes: none taken${missed.length ? ` (${missed.join(', ')})` : ''}`,
      lag
        ? `freshness, every event measures-service applied in this run (warm-up and drain included), recorded by ` +
          `its workflow → its projection committed, waymark_measures_projection_lag_seconds from /metrics: ` +
          describeHistogram(lag).join('; ')
        : 'waymark_measures_projection_lag_seconds: not found on measures-service /metrics',
      drained.ms === undefined
        ? `NOT DRAINED: ${drained.projected} of ${workload.expectedEvents} events projected ${DRAIN_TIMEOUT_MS / 1000} s after the load stopped`
        : `all ${workload.expectedEvents} events of the run's ${workload.journeyIds.length} journeys were projected ` +
          `${(drained.ms / 1000).toFixed(1)} s after the load stopped (${drained.projected} by the journeys' last ` +
          `applied seq; nothing lost)`,
    ];

    if (!cpuUsage) notes.push('no CPU figures (needs Linux /proc)');
    process.stdout.write(
      report({
        machine: machineLine(startedAt, load),
        runLine:
          `run: ${providers} simulated providers (one request in flight each), ${durationS} s of load, ` +
          `first ${warmupS} s left out; services on 127.0.0.1:${PORTS.api}–${PORTS.measures}; ` +
          `LOG_LEVEL=info; baseline concurrency ${base.concurrency}`,
        api: apiFigures,
        apiTotal: workload.samples.length,
        apiSamples: workload.samples,
        window,
        baseline: {
          ...baseFigures,
          total: base.samples.length,
          seconds: (base.end - base.start) / 1000,
          concurrency: base.concurrency,
          durability: base.durability,
        },
        ...(base.concurrency < providers
          ? { baselineNote: `concurrency capped at ${base.concurrency} by the server's max_connections` }
          : {}),
        ceiling,
        ...(cpuUsage ? { cpu: cpuUsage } : {}),
        freshness: freshnessLines,
        notes,
      }) + '\n',
    );
    if (apiFigures.count > apiFigures.ok)
      say(`WARNING: ${apiFigures.count - apiFigures.ok} API requests failed; see "errors by status"`);
    return 0;
  } catch (error) {
    if (error instanceof Abort) {
      say('aborted: no figures');
      return 130;
    }
    throw error;
  } finally {
    await freshness?.close();
    if (services.length > 0) {
      say('stopping the services');
      await stopAll(services);
    }
  }
}

/**
 * The bare engine on the same stack, once Waymark's services have stopped: as many callers as providers, the share
 * of opens the API run had in its measured window, bodies of the size it sent, the same duration and warm-up; CPU over its window.
 */
async function measureCeiling(
  workload: Workload,
  apiWindow: { from: number; to: number },
  options: BenchOptions,
  cpuTargets: CpuTarget[],
  signal: AbortSignal,
) {
  const { providers, durationS, warmupS } = options;
  const measured = workload.samples.filter((s) => s.start >= apiWindow.from && s.start < apiWindow.to);
  const openShare = measured.filter((s) => s.kind === 'open').length / Math.max(1, measured.length);
  say(
    `ceiling: a bare Temporal workflow taking Updates, ${providers} callers, ${(100 * openShare).toFixed(1)} % opens`,
  );
  let cpu: ReturnType<typeof cpuOverWindow> | undefined;
  const { samples, t0 } = await runCeiling({
    address: process.env['TEMPORAL_ADDRESS'] ?? '',
    namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'waymark',
    callers: providers,
    openShare,
    body: typicalBody(workload),
    durationMs: durationS * 1000,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    signal,
    onStart: (start) => {
      cpu = cpuOverWindow(cpuTargets, { from: start + warmupS * 1000, to: start + durationS * 1000 });
    },
  });
  const window = { from: t0 + warmupS * 1000, to: t0 + durationS * 1000 };
  return { ...figures(samples, window.from, window.to), samples, window, cpu: cpu?.finish() };
}

/** The median-sized body the API run sent, as the ceiling's Update argument. */
function typicalBody(workload: Workload): unknown {
  const bodies = workload.sent.flat().map((c) => c.body);
  bodies.sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
  return bodies[Math.floor(bodies.length / 2)] ?? {};
}

/** The stack's variables: as given, or all from `infra/local/stack env` when none is set. */
function useStackEnvironment(): void {
  const needed = ['TEMPORAL_ADDRESS', 'KAFKA_BROKERS', 'DATABASE_URL', 'WAYMARK_PAYLOAD_KEYS'];
  const missing = needed.filter((name) => !process.env[name]);
  if (missing.length === 0) return;
  if (missing.length < needed.length) {
    throw new Error(
      `set all of ${needed.join(', ')} or none (missing ${missing.join(', ')}): eval "$(infra/local/stack env)"`,
    );
  }
  say('taking the stack variables from infra/local/stack env');
  const out = execFileSync('bash', [join(root, 'infra/local/stack'), 'env'], { encoding: 'utf8' });
  for (const line of out.split('\n')) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
    if (match?.[1]) process.env[match[1]] = match[2] ?? '';
  }
}

/** Local targets only, the stack reachable, the services built, our ports free. */
async function checkPreconditions(databaseUrl: string): Promise<void> {
  const endpoints = [
    { what: 'PostgreSQL (DATABASE_URL)', ...hostPort(`//${new URL(databaseUrl).host}`, 5432) },
    { what: 'Temporal (TEMPORAL_ADDRESS)', ...hostPort(`//${process.env['TEMPORAL_ADDRESS']}`, 7233) },
    ...(process.env['KAFKA_BROKERS'] ?? '')
      .split(',')
      .map((b) => ({ what: 'Kafka (KAFKA_BROKERS)', ...hostPort(`//${b}`, 9092) })),
  ];
  for (const e of endpoints) {
    if (!LOCAL_HOSTS.has(e.host)) throw new Error(`${e.what} is ${e.host}: the benchmark runs against 127.0.0.1 only`);
    if (!(await reachable(e.host, e.port))) {
      throw new Error(`${e.what} at ${e.host}:${e.port} does not answer: start the stack with infra/local/stack up`);
    }
  }
  for (const name of SERVICES) {
    if (!existsSync(join(root, 'dist/apps', name, 'main.js'))) {
      throw new Error(`dist/apps/${name}/main.js is missing: npx nx run-many -t build -p ${SERVICES.join(' ')}`);
    }
  }
  for (const port of Object.values(PORTS)) {
    if (await reachable('127.0.0.1', port))
      throw new Error(`127.0.0.1:${port} is in use: is another benchmark running?`);
  }
}

function hostPort(spec: string, fallbackPort: number): { host: string; port: number } {
  const url = new URL(`http:${spec}`);
  return { host: url.hostname, port: Number(url.port) || fallbackPort };
}

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ''), port, timeout: 2_000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  });
  await Promise.all(lanes);
  return results;
}

/** SIGTERM to each, then the exit codes; a service still running after 20 s is killed (code `null`). */
const stopAll = (services: RunningService[]) =>
  Promise.all(
    services.map(async (s) => {
      const timer = setTimeout(() => {
        say(`${s.name} did not stop within 20 s of SIGTERM; killing it`);
        if (s.pid) killQuietly(s.pid);
      }, 20_000);
      try {
        return await s.stop();
      } finally {
        clearTimeout(timer);
      }
    }),
  );

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
