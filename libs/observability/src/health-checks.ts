import type { FactoryProvider } from '@nestjs/common';

/** A dependency the service cannot work without; `check` rejects when it is unreachable. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<unknown>;
}

/**
 * Something that must keep moving for the process to be of any use; `alive` is false once it has stopped for
 * good (see StallWatch), so an orchestrator restarts the process rather than wait on it forever.
 */
export interface LivenessCheck {
  name: string;
  alive(): boolean;
}

/** A value in a health detail: plain facts, never a secret or an error's text. */
export type DetailValue = string | number | boolean | null;

/**
 * The state of a part the service can go on without (a consumer, a broker it publishes to later): shown beside the
 * readiness answer, never deciding it, so a dependency that only delays work does not take the service out of its
 * load balancer. Alerts on the part's metrics do the paging instead.
 */
export interface HealthDetail {
  name: string;
  report(): Promise<Record<string, DetailValue>> | Record<string, DetailValue>;
}

export interface HealthChecks {
  ready: ReadinessCheck[];
  live?: LivenessCheck[];
  details?: HealthDetail[];
}

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');

/** Provides an app's health checks, for the management server bootstrapService (libs/http) starts beside it. */
export function healthChecks(provider: Omit<FactoryProvider<HealthChecks>, 'provide'>): FactoryProvider<HealthChecks> {
  return { ...provider, provide: HEALTH_CHECKS };
}

/** What each probe answers: names and states only. Why a dependency is down goes to the log, not to the caller. */
export interface ProbeAnswer {
  status: 'ok' | 'error' | 'stopping';
  checks: Record<string, 'up' | 'down'>;
  details?: Record<string, Record<string, DetailValue>>;
}

const CHECK_TIMEOUT_MS = 3000;

/** Runs every readiness check at once, each given CHECK_TIMEOUT_MS; `failed` hears why one is down. */
export async function readiness(
  checks: ReadinessCheck[],
  failed: (name: string, error: unknown) => void,
): Promise<ProbeAnswer> {
  const states = await Promise.all(
    checks.map(async ({ name, check }) => {
      try {
        await withTimeout(check(), CHECK_TIMEOUT_MS);
        return [name, 'up'] as const;
      } catch (error) {
        failed(name, error);
        return [name, 'down'] as const;
      }
    }),
  );
  return answer(states);
}

/** Every detail's report, each given CHECK_TIMEOUT_MS; one that fails or is late says only `{ known: false }`. */
export async function details(parts: HealthDetail[]): Promise<Record<string, Record<string, DetailValue>>> {
  const reports = await Promise.all(
    parts.map(async ({ name, report }) => {
      try {
        return [name, await withTimeout(Promise.resolve().then(report), CHECK_TIMEOUT_MS)] as const;
      } catch {
        return [name, { known: false }] as const;
      }
    }),
  );
  return Object.fromEntries(reports);
}

export function liveness(checks: LivenessCheck[] = []): ProbeAnswer {
  return answer(checks.map(({ name, alive }) => [name, alive() ? 'up' : 'down'] as const));
}

function answer(states: (readonly [string, 'up' | 'down'])[]): ProbeAnswer {
  return {
    status: states.every(([, state]) => state === 'up') ? 'ok' : 'error',
    checks: Object.fromEntries(states),
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
