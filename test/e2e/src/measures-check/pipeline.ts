import { decodeJourneyEvent, JourneyEvent } from '@waymark/event-contracts';
import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import { journeyEventsTopicEnd, kafka, providerClient, sleep } from '@waymark/test-support';
import { randomUUID } from 'node:crypto';
import { JourneyPlan } from './journey-generator';
import { MeasuresBody } from './reference-measures';

/**
 * Driving the real pipeline as the measures checks do: journeys sent through the providers' API as a well-behaved
 * case system would, the raw events read back from Kafka, and the API's figures compared with the reference's.
 */

export type Client = ReturnType<typeof providerClient>;

/**
 * Deep equality by value. Not util.isDeepStrictEqual: bodies parsed by fetch come from Node's own realm, not Jest's
 * sandbox, so their prototypes differ from the reference's objects even when every value is the same.
 */
export const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------
// Sending commands as a well-behaved case system: one key per command, kept across retries; inside the rate limit.

/** Stays under journey-api's per-provider budget (600 a minute by default) with room to spare. */
export class ProviderPace {
  private readonly sent = new Map<string, number[]>();

  async wait(provider: string): Promise<void> {
    for (;;) {
      const recent = (this.sent.get(provider) ?? []).filter((t) => t > Date.now() - 60_000);
      this.sent.set(provider, recent);
      if (recent.length < 500) {
        recent.push(Date.now());
        return;
      }
      await sleep((recent[0] ?? Date.now()) + 60_000 - Date.now() + 50);
    }
  }
}

export interface Answer {
  journeyId: string;
  events?: { id: string; seq: number; type: string }[];
  handOffId?: string;
}

export async function send(
  clients: Record<string, Client>,
  pace: ProviderPace,
  provider: string,
  path: string,
  body: unknown,
): Promise<Answer> {
  const idempotencyKey = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    await pace.wait(provider);
    let response: Response;
    try {
      response = await (clients[provider] as Client).post(path, body, idempotencyKey);
    } catch (error) {
      if (attempt >= 5) throw error;
      await sleep(1_000); // the same key again: a retry never doubles a command
      continue;
    }
    const text = await response.text();
    // Rate limited, busy, or the same key still in flight: wait as told, then the same request again.
    const retryAfter = response.headers.get('retry-after');
    if ((response.status === 429 || response.status >= 500 || response.status === 409) && retryAfter && attempt < 20) {
      await sleep(Number(retryAfter) * 1_000);
      continue;
    }
    if (response.status !== 201) {
      throw new Error(`${provider} POST ${path} ${JSON.stringify(body)} answered ${response.status}: ${text}`);
    }
    return JSON.parse(text) as Answer;
  }
}

/** Opens a journey and runs its commands in order; resolves to its id. */
export async function pushJourney(
  clients: Record<string, Client>,
  pace: ProviderPace,
  plan: JourneyPlan,
): Promise<string> {
  const { journeyId } = await send(clients, pace, plan.lead, '/v1/journeys', plan.open);
  let handOffId: string | undefined;
  for (const command of plan.commands) {
    const body = command.answersHandOff ? { ...command.body, handOffId } : command.body;
    const answer = await send(clients, pace, command.actor, `/v1/journeys/${journeyId}/${command.route}`, body);
    const produced = (answer.events ?? []).map((e) => e.type);
    if (!same(produced, command.produces)) {
      throw new Error(`${command.type} on ${journeyId} produced ${produced.join(', ')}, not ${command.produces}`);
    }
    if (answer.handOffId) handOffId = answer.handOffId;
  }
  return journeyId;
}

/** Runs `work` over `items`, `concurrency` at a time, keeping their order in the result. */
export async function inPool<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------------------------
// The raw events, straight from Kafka.

/**
 * Every journey event of the given journeys published between `from` (the topic's ends before the run) and the
 * topic's ends now, validated against the event contract. Redeliveries are kept: the reference checks and drops them.
 */
export async function readEvents(from: Map<number, bigint>, journeyIds: ReadonlySet<string>): Promise<JourneyEvent[]> {
  const to = await journeyEventsTopicEnd();
  const pending = new Set([...to].filter(([p, end]) => end > (from.get(p) ?? 0n)).map(([p]) => p));
  if (pending.size === 0) return [];
  const consumer = kafka.consumer({ groupId: `measures-check-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    const events: JourneyEvent[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`partitions ${[...pending]} not read within 60 s`)), 60_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const offset = BigInt(message.offset);
          const end = to.get(partition) ?? 0n;
          if (offset < (from.get(partition) ?? 0n) || offset >= end) return;
          if (journeyIds.has(message.key?.toString() ?? '')) {
            const decoded = decodeJourneyEvent(message.value);
            if (!decoded.ok) {
              reject(new Error(`partition ${partition} offset ${offset}: ${decoded.reason}`));
              return;
            }
            events.push(decoded.event);
          }
          if (offset + 1n >= end && pending.delete(partition) && pending.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    // Start each partition where the run began (a fresh group would otherwise read the whole history).
    for (const [partition, offset] of from) {
      if (pending.has(partition)) consumer.seek({ topic: JOURNEY_EVENTS_TOPIC, partition, offset: String(offset) });
    }
    await done;
    return events;
  } finally {
    await consumer.disconnect();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Comparing.

/** Every way the API's body differs from the reference's, one line each (a diff of ~1,000 figures is unreadable). */
export function differences(expected: MeasuresBody, actual: MeasuresBody): string[] {
  const out: string[] = [];
  if (!same(actual.filter, expected.filter)) out.push(`filter: ${JSON.stringify(actual.filter)}`);
  for (const key of ['disclosureThreshold', 'smallestShownCount'] as const) {
    if (actual[key] !== expected[key]) out.push(`${key}: expected ${expected[key]}, got ${actual[key]}`);
  }
  const periods = (b: MeasuresBody) => (b.periods ?? []).map((p) => `${p.start}…${p.end}`);
  if (!same(periods(actual), periods(expected))) {
    out.push(`periods: expected ${periods(expected).join(' ')}, got ${periods(actual).join(' ')}`);
    return out;
  }
  expected.periods.forEach((period, i) => {
    const got = actual.periods[i]?.figures ?? {};
    for (const id of new Set([...Object.keys(period.figures), ...Object.keys(got)])) {
      if (!same(got[id], period.figures[id])) {
        out.push(
          `${period.start}…${period.end} ${id}: expected ${JSON.stringify(period.figures[id])}, got ${JSON.stringify(got[id])}`,
        );
      }
    }
  });
  return out;
}

/** The body less `freshness`, which the reference has no part in. */
export async function bodyOf(response: Response): Promise<unknown> {
  const { freshness: _freshness, ...rest } = (await response.json()) as Record<string, unknown>;
  return rest;
}
