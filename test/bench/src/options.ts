export interface BenchOptions {
  /** Simulated providers, each one loop with one request in flight; also the baseline's concurrency. */
  providers: number;
  /** Seconds of load in all, warm-up included. */
  durationS: number;
  /** Seconds at the start left out of the figures. */
  warmupS: number;
}

const USAGE = `usage: npx nx run bench:bench [--providers N] [--duration S] [--warmup S]
  --providers  simulated providers, one request in flight each (env BENCH_PROVIDERS, default 20, 1–500)
  --duration   seconds of load, warm-up included (env BENCH_DURATION, default 60, 5–1800)
  --warmup     seconds at the start left out of the figures (env BENCH_WARMUP, default 10, less than --duration)`;

const LIMITS = {
  providers: { env: 'BENCH_PROVIDERS', fallback: 20, min: 1, max: 500 },
  duration: { env: 'BENCH_DURATION', fallback: 60, min: 5, max: 1800 },
  warmup: { env: 'BENCH_WARMUP', fallback: 10, min: 0, max: 1799 },
} as const;
type Flag = keyof typeof LIMITS;
const isFlag = (name: string): name is Flag => Object.hasOwn(LIMITS, name);

/** Flags win over the environment, which wins over the defaults; anything else is a usage error. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const given: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
    const name = match?.[1] ?? '';
    if (!match || !isFlag(name)) throw new UsageError(`unknown argument ${arg}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    given[name] = value;
  }
  const read = (flag: Flag): number => {
    const { env: variable, fallback, min, max } = LIMITS[flag];
    const raw = given[flag] ?? env[variable];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new UsageError(`--${flag} (${variable}) must be a whole number from ${min} to ${max}, not ${raw}`);
    }
    return value;
  };
  const options = { providers: read('providers'), durationS: read('duration'), warmupS: read('warmup') };
  if (options.warmupS >= options.durationS) throw new UsageError('--warmup must be shorter than --duration');
  return options;
}

export class UsageError extends Error {
  readonly usage = USAGE;
}
