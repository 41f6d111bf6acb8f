/**
 * Guards for the measures benchmarks: they put millions of synthetic events into a stack, so they run only
 * against a stack named explicitly in the environment, on this machine, and never the shared default stack
 * (ports 5432/7233/9092) unless told to with BENCH_ALLOW_DEFAULT_STACK=1.
 */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
const DEFAULT_PORTS: Record<string, string> = { KAFKA_BROKERS: '9092', DATABASE_URL: '5432' };

/**
 * libs/kafka's topics.json, spelt out: the benchmark runs under swc-node, which does not give a JSON module's
 * default import (so `JOURNEY_EVENTS_TOPIC` from @waymark/kafka is undefined here).
 */
export const JOURNEY_EVENTS_TOPIC = 'waymark.journey-events.v1';

export const say = (message: string) => process.stderr.write(`[measures-bench] ${message}\n`);

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: export the bench stack's variables, e.g. ` +
        `eval "$(WAYMARK_DATA_DIR=/tmp/waymark-bench-stack POSTGRES_PORT=25432 … infra/local/stack env)"`,
    );
  }
  return value;
}

/** The value of `name` (KAFKA_BROKERS or DATABASE_URL), checked to be local and not the shared default stack. */
export function benchTarget(name: 'KAFKA_BROKERS' | 'DATABASE_URL'): string {
  const value = required(name);
  const specs = name === 'KAFKA_BROKERS' ? value.split(',').map((b) => `//${b}`) : [`//${new URL(value).host}`];
  for (const spec of specs) {
    const url = new URL(`http:${spec}`);
    if (!LOCAL_HOSTS.has(url.hostname)) throw new Error(`${name} points at ${url.hostname}: local stacks only`);
    const port = url.port || DEFAULT_PORTS[name];
    if (port === DEFAULT_PORTS[name] && process.env['BENCH_ALLOW_DEFAULT_STACK'] !== '1') {
      throw new Error(
        `${name} is the shared default stack (port ${port}): start a stack of your own for the measures ` +
          'benchmarks (docs/benchmarks.md), or set BENCH_ALLOW_DEFAULT_STACK=1',
      );
    }
  }
  return value;
}

/** `--name=value` flags into a map; anything else is an error. */
export function flags(argv: string[], known: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--([a-z-]+)=(.*)$/.exec(arg);
    if (!match?.[1] || !known.includes(match[1])) {
      throw new Error(`unknown argument ${arg}; known: ${known.map((k) => `--${k}=…`).join(' ')}`);
    }
    out.set(match[1], match[2] ?? '');
  }
  return out;
}

export function intFlag(values: Map<string, string>, name: string, fallback: number): number {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not ${raw}`);
  return n;
}

export const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-GB');
export const int = (n: number) => Math.round(n).toLocaleString('en-GB');
