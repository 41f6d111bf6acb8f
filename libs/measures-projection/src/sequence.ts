/**
 * Where an event stands in its journey's sequence, given the last seq applied (0 before the opened event, which is
 * seq 1). Events are applied strictly in seq order: one that arrives after a gap (an earlier event lost, still on
 * its way, or dead-lettered) is held until the gap is filled, never applied over it.
 */
export type SequencePlace = { kind: 'next' } | { kind: 'duplicate' } | { kind: 'gap'; expectedSeq: number };

export function placeInSequence(lastSeq: number, seq: number): SequencePlace {
  if (seq <= lastSeq) return { kind: 'duplicate' };
  if (seq === lastSeq + 1) return { kind: 'next' };
  return { kind: 'gap', expectedSeq: lastSeq + 1 };
}

/** A journey that has started holding events: for the log and the alarm (no person data). */
export interface Gap {
  journeyId: string;
  expectedSeq: number;
  gotSeq: number;
}
