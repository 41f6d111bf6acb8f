import type { AGE_BANDS } from '@waymark/event-contracts';

export type JourneyStatus = 'open';

/** Everything the workflow knows about a journey; rebuilt by {@link evolve}. */
export interface JourneyState {
  journeyId: string;
  personRef: string;
  status: JourneyStatus;
  leadProviderId: string;
  areaCode: string;
  ageBand: (typeof AGE_BANDS)[number];
  openedAt: string;
  lastActivityAt: string;
  /** seq of the last event produced; the next one is seq + 1. */
  seq: number;
}
