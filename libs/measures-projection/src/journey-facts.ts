import type { ClosureRow } from './rows';

/** A value with the event that set it, so "first" and "last" can go by time and then by seq. */
export interface Stamped<T> {
  time: string;
  seq: number;
  value: T;
}

/**
 * What the projection remembers about one journey between its events: just enough to place the next event and
 * to fill in a closure. Stored as one JSON document per journey; no person data.
 */
export interface JourneyFacts {
  journeyId: string;
  /** The last seq applied: an event at or below it is a duplicate. */
  seq: number;
  areaCode: string;
  openedAt: string;
  firstWhatMattersAt: string | null;
  firstRating: Stamped<number> | null;
  lastRating: Stamped<number> | null;
  overallRatings: number;
  assessments: number;
  acceptedHandOffs: number;
  /** Referrals awaiting an answer: the answer is counted on the referral's day, for the referrer. */
  openReferrals: Record<string, { day: string; providerId: string }>;
  /** Minutes recorded on the journey, by the provider that recorded them. */
  minutes: Record<string, number>;
  /** The latest resolved closure while its follow-up is pending. */
  pendingClosure: ClosureRow | null;
  /**
   * The latest sustained closure and the minutes behind it, while a late re-presentation may still reopen it (the
   * journey's next event can only be that). Absent from facts written before sustained resolutions could reopen.
   */
  sustained?: { closure: ClosureRow; minutes: Record<string, number> } | null;
}

export function openedFacts(journeyId: string, seq: number, areaCode: string, openedAt: string): JourneyFacts {
  return {
    journeyId,
    seq,
    areaCode,
    openedAt,
    firstWhatMattersAt: null,
    firstRating: null,
    lastRating: null,
    overallRatings: 0,
    assessments: 0,
    acceptedHandOffs: 0,
    openReferrals: {},
    minutes: {},
    pendingClosure: null,
    sustained: null,
  };
}
