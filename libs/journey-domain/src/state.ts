import type { AGE_BANDS, WHAT_MATTERS_DOMAINS } from '@waymark/event-contracts';

/**
 * open → (active ⇄ stalled) → closed → sustained; closed(resolved) → active on re-presentation, and so does a
 * sustained resolution while late records are still accepted for its follow-up window (it is provisional till then).
 */
export type JourneyStatus = 'open' | 'active' | 'stalled' | 'closed' | 'sustained';

/** Deployment settings that shape the journey's timers. */
export interface JourneySettings {
  /** No activity for this long raises a stall. */
  stallDays: number;
  /** After a resolved closure, the window in which a new contact reopens the journey. */
  followUpDays: number;
  /**
   * How long after a follow-up window ends (or after its closure was recorded, if later) a record dated inside the
   * window is still accepted, and reopens the journey: until then "sustained" is provisional.
   */
  lateRecordDays: number;
}

export const DEFAULT_SETTINGS: JourneySettings = { stallDays: 28, followUpDays: 90, lateRecordDays: 30 };

export interface WhatMattersItem {
  itemId: string;
  domain: (typeof WHAT_MATTERS_DOMAINS)[number];
  text?: string;
  recordedAt: string;
}

export interface PendingHandOff {
  handOffId: string;
  fromProviderId: string;
  toProviderId: string;
  requestedAt: string;
}

export type Closure =
  /** `recordedAt` (when the closure was recorded) is absent from states of journeys closed by older versions. */
  | { outcome: 'resolved'; closedAt: string; followUpEndsAt: string; recordedAt?: string }
  | { outcome: 'unresolved'; closedAt: string; reason: string };

/** Everything the workflow knows about a journey; changed only by {@link evolve}. */
export interface JourneyState {
  journeyId: string;
  personRef: string;
  status: JourneyStatus;
  leadProviderId: string;
  involvedProviderIds: string[];
  areaCode: string;
  ageBand: (typeof AGE_BANDS)[number];
  /** Start of the end-to-end clock; a reopened journey keeps it. */
  openedAt: string;
  /** Latest occurredAt of any activity: the stall timer runs from here. */
  lastActivityAt: string;
  closure?: Closure;
  pendingHandOff?: PendingHandOff;
  whatMatters: WhatMattersItem[];
  /** Help descriptions, kept with the journey but never published. */
  helpNotes: { seq: number; description: string }[];
  reopenCount: number;
  /** seq of the last event produced; the next is seq + 1. */
  seq: number;
}

/** No more work is recorded on the journey (a sustained one may still take a late re-presentation). */
export const isEnded = (state: JourneyState) =>
  state.status === 'sustained' || (state.status === 'closed' && state.closure?.outcome === 'unresolved');
