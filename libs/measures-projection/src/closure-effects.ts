import { CLOSURE_COUNT_NAMES, closureCounts, closureValues, type ValueMeasure } from '@waymark/measures-maths';
import type { ClosureRow, Effects } from './rows';

/** Adds (sign 1) or takes away (sign −1) a closure row's counts and values (the measure catalogue's). */
export function countClosure(c: ClosureRow, sign: 1 | -1, out: Effects): void {
  const { day, providerId, areaCode } = c;
  const counts = closureCounts(c);
  for (const name of CLOSURE_COUNT_NAMES) counts[name] *= sign;
  out.closureCounts.push({ day, providerId, areaCode, ...counts });
  for (const [measure, value] of Object.entries(closureValues(c))) {
    out.values.push({ day, providerId, areaCode, measure: measure as ValueMeasure, value, count: sign });
  }
}
