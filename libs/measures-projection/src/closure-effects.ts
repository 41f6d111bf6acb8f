import { CLOSURE_COUNTS, type ClosureCount, type ClosureRow, type Effects, type ValueMeasure } from './rows';

/** The closure counts one row stands for (docs/measures.md: per-journey measures use the final closure). */
export function closureCounts(c: ClosureRow): Record<ClosureCount, number> {
  const final = c.final ? 1 : 0;
  return {
    closures: 1,
    unresolved: c.outcome === 'unresolved' ? 1 : 0,
    sustained: c.followUp === 'sustained' ? 1 : 0,
    reopened: c.followUp === 'reopened' ? 1 : 0,
    pending: c.followUp === 'pending' ? 1 : 0,
    final,
    acceptedHandOffs: final * c.acceptedHandOffs,
    assessments: final * c.assessments,
    repeatAssessed: final && c.assessments >= 2 ? 1 : 0,
    withWhatMatters: final && c.whatMattersMs !== null ? 1 : 0,
    rated: final && c.progressChange !== null ? 1 : 0,
  };
}

/**
 * The values one row puts into the percentiles' populations: end-to-end time of a sustained closure, and time to
 * what matters and progress change of a final one. The store's lookups select the same rows (VALUE_LOOKUPS).
 */
export function closureValues(c: ClosureRow): Partial<Record<ValueMeasure, number>> {
  const values: Partial<Record<ValueMeasure, number>> = {};
  if (c.followUp === 'sustained') values.end_to_end_ms = c.endToEndMs;
  if (c.final && c.whatMattersMs !== null) values.what_matters_ms = c.whatMattersMs;
  if (c.final && c.progressChange !== null) values.progress_change = c.progressChange;
  return values;
}

/** Adds (sign 1) or takes away (sign −1) a closure row's counts and values. */
export function countClosure(c: ClosureRow, sign: 1 | -1, out: Effects): void {
  const { day, providerId, areaCode } = c;
  const counts = closureCounts(c);
  for (const name of CLOSURE_COUNTS) counts[name] *= sign;
  out.closureCounts.push({ day, providerId, areaCode, ...counts });
  for (const [measure, value] of Object.entries(closureValues(c))) {
    out.values.push({ day, providerId, areaCode, measure: measure as ValueMeasure, value, count: sign });
  }
}
