import type { JourneyEvent } from '@waymark/event-contracts';

type DraftOf<E> = E extends { type: infer T; data: infer D } ? { type: T; time: string; data: D } : never;

/** An event as a rule produces it; {@link stamp} gives it id, seq and recordedat. */
export type EventDraft = DraftOf<JourneyEvent>;

/**
 * Why a command was refused. `rule` is stable and machine-readable; `kind`
 * says what kind of refusal it is, so the API can answer 404, 409, 422 or
 * (for a passing condition such as a publication backlog) 503 without knowing
 * every rule.
 */
export interface Rejection {
  rule: string;
  kind: 'not-found' | 'conflict' | 'invalid' | 'unavailable';
  message: string;
  field?: string;
}

export type Decision = { ok: true; events: EventDraft[] } | { ok: false; rejection: Rejection };

export const accept = (...events: EventDraft[]): Decision => ({ ok: true, events });

export const refuse = (kind: Rejection['kind'], rule: string, message: string, field?: string): Decision => ({
  ok: false,
  rejection: { rule, kind, message, ...(field ? { field } : {}) },
});

/** Runs checks in order; the first refusal wins. */
export function firstRefusal(...checks: (() => Decision | undefined)[]): Decision | undefined {
  for (const check of checks) {
    const refused = check();
    if (refused) return refused;
  }
  return undefined;
}
