import type { JourneyPlan } from '@waymark/pilot-simulation';

/** One answer of journey-api, its body parsed (JSON, or the text when it is not JSON). */
export interface ApiAnswer {
  status: number;
  header(name: string): string | null;
  body: unknown;
}

/** POSTs a JSON body as a provider, with an Idempotency-Key. Rejects only when no answer came (network, timeout). */
export type PostJson = (path: string, body: unknown, apiKey: string, idempotencyKey: string) => Promise<ApiAnswer>;

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** journey-api over HTTP: each request times out after `timeoutMs` (then it is retried with the same key). */
export function httpPost(baseUrl: string, timeoutMs = 30_000): PostJson {
  return async (path, body, apiKey, idempotencyKey) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'idempotency-key': idempotencyKey,
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the refusal's detail
    }
    return { status: response.status, header: (name) => response.headers.get(name), body: parsed };
  };
}

/**
 * Keeps each provider inside journey-api's rate limit (RATE_LIMIT_PER_MINUTE a provider), as its answers'
 * RateLimit-Remaining and RateLimit-Reset headers say: when a provider's window has no room left for another
 * request besides those in flight, its next request waits for the window to reset. A 429 that slips through is
 * waited out by the sender (Retry-After).
 */
export class RateBudget {
  private readonly windows = new Map<string, { remaining: number; resetAt: number }>();
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly clock: Clock) {}

  async take(provider: string): Promise<void> {
    for (;;) {
      const window = this.windows.get(provider);
      const flying = this.inFlight.get(provider) ?? 0;
      if (!window || this.clock.now() >= window.resetAt || window.remaining - flying > 0) {
        this.inFlight.set(provider, flying + 1);
        return;
      }
      await this.clock.sleep(window.resetAt - this.clock.now() + 100);
    }
  }

  /** The request is done; its answer, if any, tells how much room the window has left. */
  settle(provider: string, answer?: ApiAnswer): void {
    this.inFlight.set(provider, Math.max(0, (this.inFlight.get(provider) ?? 1) - 1));
    const remaining = Number(answer?.header('ratelimit-remaining') ?? NaN);
    const reset = Number(answer?.header('ratelimit-reset') ?? NaN);
    if (Number.isFinite(remaining) && Number.isFinite(reset)) {
      this.windows.set(provider, { remaining, resetAt: this.clock.now() + reset * 1000 });
    }
  }
}

/** journey-api refused a request (anything but 2xx that is not worth retrying). */
export class Refused extends Error {
  override name = 'Refused';
  constructor(
    readonly status: number,
    readonly problem: { type?: string; rule?: string; detail?: string },
  ) {
    super(`${status} ${problem.rule ?? problem.type ?? ''}: ${problem.detail ?? ''}`.trim());
  }
}

/** No answer from journey-api at all, after retries. */
class ApiUnreachable extends Error {
  override name = 'ApiUnreachable';
}

export interface Refusal {
  person: number;
  design: string;
  /** 0 for the opening, n for the plan's nth command. */
  step: number;
  type: string;
  actor: string;
  status: number;
  rule: string;
  detail: string;
}

export interface JourneyResult {
  /** Requests answered 2xx, of which replays (the same key answered before: nothing changed). */
  accepted: number;
  replayed: number;
  /** Requests not sent: after a refusal, or because the run was stopped. */
  skipped: number;
  refusal?: Refusal;
  /** journey-api could not be reached (after retries): the run stops. */
  unreachable?: string;
}

const NETWORK_TRIES = 6;
const RETRY_TRIES = 60;

/**
 * Sends planned journeys through journey-api as a well-behaved case system would: each journey's requests in order,
 * each with its planned Idempotency-Key, kept across retries; 429, 503 and "key in progress" waited out as
 * Retry-After says, then sent again with the same key (so nothing is ever applied twice); any other refusal ends that
 * journey and is reported.
 */
export class PilotSender {
  private readonly budget: RateBudget;

  constructor(
    private readonly post: PostJson,
    private readonly apiKeys: ReadonlyMap<string, string>,
    private readonly clock: Clock,
    /** Called once per request settled (answered, or skipped). */
    private readonly onRequest: (outcome: 'accepted' | 'replayed' | 'refused' | 'skipped') => void,
  ) {
    this.budget = new RateBudget(clock);
  }

  async sendJourney(plan: JourneyPlan, stopped: () => boolean): Promise<JourneyResult> {
    const result: JourneyResult = { accepted: 0, replayed: 0, skipped: 0 };
    const steps = [
      { type: 'open-journey', actor: plan.lead, key: plan.key, body: plan.open, route: '', answersHandOff: false },
      ...plan.commands,
    ];
    let journeyId = '';
    let handOffId: string | undefined;
    for (const [step, request] of steps.entries()) {
      if (stopped() || result.refusal || result.unreachable) {
        result.skipped += 1;
        this.onRequest('skipped');
        continue;
      }
      const path = step === 0 ? '/v1/journeys' : `/v1/journeys/${journeyId}/${request.route}`;
      const body = request.answersHandOff ? { ...request.body, handOffId } : request.body;
      try {
        const answer = await this.send(request.actor, path, body, request.key);
        const answered = (answer.body ?? {}) as { journeyId?: string; handOffId?: string };
        if (step === 0) journeyId = answered.journeyId ?? '';
        if (answered.handOffId) handOffId = answered.handOffId;
        result.accepted += 1;
        if (answer.replayed) result.replayed += 1;
        this.onRequest(answer.replayed ? 'replayed' : 'accepted');
      } catch (error) {
        if (error instanceof ApiUnreachable) {
          result.unreachable = error.message;
          result.skipped += 1;
          this.onRequest('skipped');
          continue;
        }
        if (!(error instanceof Refused)) throw error;
        const { status, problem } = error;
        result.refusal = {
          person: plan.person,
          design: plan.design,
          step,
          type: request.type,
          actor: request.actor,
          status,
          rule: problem.rule ?? problem.type ?? '',
          detail: problem.detail ?? '',
        };
        this.onRequest('refused');
      }
    }
    return result;
  }

  private async send(provider: string, path: string, body: unknown, key: string) {
    const apiKey = this.apiKeys.get(provider);
    if (!apiKey) throw new Error(`no API key for ${provider}`);
    for (let attempt = 1; ; attempt++) {
      await this.budget.take(provider);
      let answer: ApiAnswer;
      try {
        answer = await this.post(path, body, apiKey, key);
      } catch (error) {
        this.budget.settle(provider);
        if (attempt >= NETWORK_TRIES) {
          throw new ApiUnreachable(`no answer from journey-api (${reason(error)})`);
        }
        await this.clock.sleep(Math.min(1000 * 2 ** (attempt - 1), 10_000));
        continue;
      }
      this.budget.settle(provider, answer);
      if (answer.status >= 200 && answer.status < 300) {
        return { body: answer.body, replayed: answer.header('idempotent-replayed') === 'true' };
      }
      const problem = (
        typeof answer.body === 'object' && answer.body !== null ? answer.body : {}
      ) as Refused['problem'];
      if (worthRetrying(answer.status, problem) && attempt < RETRY_TRIES) {
        const seconds = Number(answer.header('retry-after'));
        await this.clock.sleep(Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000);
        continue;
      }
      throw new Refused(answer.status, typeof answer.body === 'string' ? { detail: answer.body } : problem);
    }
  }
}

/** fetch says "fetch failed"; why is in its cause (refused, reset, a port fetch will not use…). */
function reason(error: unknown): string {
  const { message, cause } = error instanceof Error ? error : { message: String(error), cause: undefined };
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}

/** Rate limited, unavailable for a moment, or the same key still being worked on: the same request again later. */
const worthRetrying = (status: number, problem: Refused['problem']) =>
  status === 429 || status === 503 || (status === 409 && problem.type === '/problems/idempotency-key-in-progress');
