import { RunningService, sleep } from '@waymark/test-support';

/** A service's readiness answer: its status and body (checks, and the details of what does not decide it). */
export async function readiness(service: RunningService) {
  const response = await fetch(`${service.managementUrl}/health/ready`);
  const body = (await response.json()) as {
    checks: Record<string, string>;
    details?: Record<string, Record<string, unknown>>;
  };
  return { status: response.status, body };
}

/** What became of one request sent while a service was being stopped. */
export interface Outcome {
  startedAt: number;
  endedAt: number;
  status?: number;
  contentType?: string;
  error?: string;
}

/** `concurrency` loops sending requests one after another until `stop`; what became of each. */
export async function load(send: () => Promise<Response>, stop: AbortSignal, concurrency = 4): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const loop = async () => {
    while (!stop.aborted) {
      const startedAt = performance.now();
      try {
        const response = await send();
        await response.arrayBuffer();
        const contentType = response.headers.get('content-type') ?? undefined;
        outcomes.push({ startedAt, endedAt: performance.now(), status: response.status, contentType });
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        outcomes.push({ startedAt, endedAt: performance.now(), error: cause?.code ?? cause?.message ?? String(error) });
        await sleep(100); // the port is closed: do not spin
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return outcomes;
}

/**
 * Calls `stop` (SIGTERM, then the exit code) while `during` sends requests, a second and a half in; the exit code, how
 * long the stop took, and the requests that had started before the signal: those still in flight at it, and those
 * that got no answer at all.
 */
export async function stopDuring(
  stop: () => Promise<number | null>,
  during: (stop: AbortSignal) => Promise<Outcome[]>,
) {
  const stopLoad = new AbortController();
  const loaded = during(stopLoad.signal);
  await sleep(1_500);
  const signalledAt = performance.now();
  const code = await stop();
  const tookMs = performance.now() - signalledAt;
  stopLoad.abort();
  const outcomes = await loaded;
  const before = outcomes.filter((o) => o.startedAt < signalledAt);
  return {
    code,
    tookMs,
    before,
    inFlight: before.filter((o) => o.endedAt > signalledAt),
    unanswered: before.filter((o) => o.error !== undefined),
  };
}

/** The distinct answers among `outcomes`: a status with its content type, or the error that stood for no answer. */
export const answersOf = (outcomes: Outcome[]) => [
  ...new Set(outcomes.map((o) => o.error ?? `${o.status} ${o.contentType}`)),
];
