import type { JourneyEvent } from '@waymark/event-contracts';

/** An event as a rule produces it; the workflow stamps id, seq and recordedat. */
export type EventDraft = {
  [T in JourneyEvent['type']]: {
    type: T;
    time: string;
    data: Extract<JourneyEvent, { type: T }>['data'];
  };
}[JourneyEvent['type']];

/** Why a command was refused: `rule` is stable and machine-readable. */
export interface Rejection {
  rule: string;
  field?: string;
  message: string;
}

export type Decision = { ok: true; events: EventDraft[] } | { ok: false; rejection: Rejection };

export const accept = (...events: EventDraft[]): Decision => ({
  ok: true,
  events,
});
export const reject = (rule: string, message: string, field?: string): Decision => ({
  ok: false,
  rejection: { rule, message, ...(field ? { field } : {}) },
});
