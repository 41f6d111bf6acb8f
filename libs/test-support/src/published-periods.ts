import { endOf, startOf } from '@waymark/measures-maths';

/**
 * The commissioners' API publishes whole ISO weeks and whole calendar months only (decision 0013): these widen a
 * range of dates (YYYY-MM-DD) to the whole weeks or months that hold it.
 */
export function wholeWeeks(from: string, to: string): { from: string; to: string } {
  return { from: startOf(from, 'week'), to: endOf(to, 'week') };
}

export function wholeMonths(from: string, to: string): { from: string; to: string } {
  return { from: startOf(from, 'month'), to: endOf(to, 'month') };
}
