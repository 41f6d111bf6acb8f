import type { IHeaders } from 'kafkajs';

/**
 * Why a journey event was set aside:
 * - `invalid`: it breaks the event contract (or is not JSON);
 * - `unplaceable`: the consumer's handler refused it for good (e.g. its journey never opened, its date is outside
 *   what the projections can place);
 * - `failed`: applying it kept failing while the database answered other work (a poison event).
 */
export type DeadLetterKind = 'invalid' | 'unplaceable' | 'failed';

/**
 * Headers a dead letter carries besides the original message's own; key and value are the original's, so a replay
 * republishes exactly what was consumed.
 */
export const DLQ_HEADERS = {
  reason: 'dlq-reason',
  kind: 'dlq-kind',
  /** `<topic>/<partition>/<offset>` it was consumed from. */
  source: 'dlq-source',
  /** The consumer group that set it aside: a replay is for that group's failures. */
  group: 'dlq-group',
  /** When it was set aside (ISO instant). */
  at: 'dlq-at',
} as const;

/** The header of a replayed message that says which dead letter it came from (`<dlq topic>/<partition>/<offset>`). */
export const REPLAYED_FROM_HEADER = 'dlq-replayed-from';

const DLQ_HEADER_NAMES: readonly string[] = [...Object.values(DLQ_HEADERS), REPLAYED_FROM_HEADER];

/** The original message's headers, without any dead-letter or replay header (a replayed event may fail again). */
export function originalHeaders(headers: IHeaders | undefined): IHeaders {
  return Object.fromEntries(Object.entries(headers ?? {}).filter(([name]) => !DLQ_HEADER_NAMES.includes(name)));
}

export function headerText(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}
