import { smallestShownCount } from './disclosure';

/**
 * One closure group as the store sums it (decision 0013): the `index`-th (from 1) run of consecutive sustained
 * closures of a month, in closure order. Each has groupSize closures, the month's last one the rest as well
 * (groupSize to 2 × groupSize − 1); a month with fewer than groupSize has none.
 */
export interface ClosureGroup {
  /** The month's first day. */
  month: string;
  index: number;
  closures: number;
  endToEndMsSum: number;
}

/** The size of a closure group: the smallest shown count, so a point never stands for fewer journeys than that. */
export const closureGroupSize = (threshold: number) => smallestShownCount(threshold);

/**
 * The months whose closure groups a chart of the most recent `limit` groups needs: from the range's latest month back
 * until they hold `limit` groups (a month of n sustained closures has ⌊n ÷ size⌋). Reading only those keeps a chart
 * over years as cheap as one over a few months.
 */
export function monthsForRecentGroups(
  sustainedByMonth: ReadonlyMap<string, number>,
  size: number,
  limit: number,
): string[] {
  const months = [...sustainedByMonth.keys()].sort().reverse();
  const needed: string[] = [];
  let groups = 0;
  for (const month of months) {
    if (groups >= limit) break;
    const here = Math.floor((sustainedByMonth.get(month) ?? 0) / size);
    if (here === 0) continue;
    groups += here;
    needed.push(month);
  }
  return needed.reverse();
}
