export const DAY_MS = 24 * 60 * 60 * 1000;

// An instant needs an explicit offset: without one Date.parse reads local time, and the answer would shift with DST.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i;

function instant(iso: string): number {
  const ms = INSTANT.test(iso) ? Date.parse(iso) : NaN;
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant with an offset: ${iso}`);
  return ms;
}

/** Elapsed time in fractional days: (to − from) in milliseconds ÷ 86 400 000; negative if to is earlier. */
export function daysBetween(fromIso: string, toIso: string): number {
  return (instant(toIso) - instant(fromIso)) / DAY_MS;
}
