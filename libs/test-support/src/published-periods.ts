const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The commissioners' API publishes whole ISO weeks and whole calendar months only (decision 0013): these widen a
 * range of dates (YYYY-MM-DD) to the whole weeks or months that hold it.
 */
export function wholeWeeks(from: string, to: string): { from: string; to: string } {
  const weekday = (d: string) => (new Date(d).getUTCDay() + 6) % 7; // Monday = 0
  return { from: iso(Date.parse(from) - weekday(from) * DAY_MS), to: iso(Date.parse(to) + (6 - weekday(to)) * DAY_MS) };
}

export function wholeMonths(from: string, to: string): { from: string; to: string } {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return { from: iso(Date.UTC(fy, fm - 1, 1)), to: iso(Date.UTC(ty, tm, 0)) };
}
