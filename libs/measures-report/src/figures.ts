import {
  CLOSURE_VALUES,
  DAY_MS,
  Disclosed,
  discloseCount,
  discloseMeanCount,
  discloseShare,
  discloseStatistic,
  Formula,
  Fraction,
  MEASURES,
  Neighbours,
  percentileBetween,
  PERCENTILES,
  roundExact,
  Sum,
  type CostRatesPence,
  type PeriodAggregates,
} from '@waymark/measures-maths';

/** A published figure: a value, a suppression marker, or why it cannot be worked out. */
export type Figure = Disclosed<number> | { unavailable: true; reason: 'cost-rate-missing' };

export interface FigureContext {
  threshold: number;
  rates: CostRatesPence;
}

type Compute = (p: PeriodAggregates, ctx: FigureContext) => Figure;

const RATE_DECIMALS = 4;
const DECIMALS = 2;

/** A count a figure reads (the catalogue's Sum): activity metrics, or closure counts, added up. */
function sumOf(terms: Sum, p: PeriodAggregates): number {
  let total = 0;
  for (const term of terms) {
    if ('activity' in term) total += p.activity[term.activity] ?? 0;
    else if ('closures' in term) total += p.closures[term.closures];
    else {
      for (const [metric, n] of Object.entries(p.activity)) if (metric.startsWith(term.activities)) total += n;
    }
  }
  return total;
}

/** A disclosed exact value, rounded half away from zero from its exact value. */
const rounded = (disclosed: Disclosed<Fraction>, decimals: number): Figure =>
  'value' in disclosed ? { value: roundExact(disclosed.value, decimals) } : disclosed;

/** How each kind of formula is worked out under disclosure control (decision 0013). */
function computeOf(formula: Formula): Compute {
  switch (formula.kind) {
    case 'count':
      return (p, { threshold }) => discloseCount(sumOf(formula.count, p), threshold);
    case 'share':
      return (p, { threshold }) =>
        rounded(discloseShare(sumOf(formula.part, p), sumOf(formula.whole, p), threshold), RATE_DECIMALS);
    case 'mean-count':
      return (p, { threshold }) =>
        rounded(discloseMeanCount(sumOf(formula.total, p), sumOf(formula.per, p), threshold), DECIMALS);
    case 'percentile':
      return percentileOf(formula.percentile, formula.unit);
    case 'cost':
      return costPer(formula.minutes, formula.per);
  }
}

/** A percentile of its value's population (n is that population's closure count), in days when asked. */
function percentileOf(name: keyof typeof PERCENTILES, unit: 'days' | 'as-is'): Compute {
  const { of, percent } = PERCENTILES[name];
  const n = (p: PeriodAggregates) => p.closures[CLOSURE_VALUES[of].of];
  return (p, { threshold }) =>
    rounded(
      discloseStatistic(
        n(p),
        () => {
          const { lower, upper } = p.closures[name] as Neighbours;
          const value = percentileBetween(lower, upper ?? undefined, n(p), percent);
          return unit === 'days' ? value.div(DAY_MS) : value;
        },
        threshold,
      ),
      DECIMALS,
    );
}

/**
 * Cost in GBP per thing: Σ minutes × pence an hour ÷ 6000 ÷ n, exact (money is not a count; n stays unpublished, so
 * cost × the published count gives the total only to within a band). Disclosure is decided first.
 */
function costPer(basis: 'work' | 'sustained', per: Sum): Compute {
  return (p, { threshold, rates }) => {
    const n = sumOf(per, p);
    const gate = discloseStatistic(n, () => null, threshold);
    if (!('value' in gate)) return gate;
    let penceMinutes = 0;
    for (const { providerId, minutes } of basis === 'work' ? p.workMinutes : p.sustainedMinutes) {
      if (minutes === 0) continue;
      const rate = rates.get(providerId);
      if (rate === undefined) return { unavailable: true, reason: 'cost-rate-missing' };
      penceMinutes += minutes * rate;
    }
    return { value: roundExact(new Fraction(penceMinutes, 6000 * n), DECIMALS) };
  };
}

/** Every published figure, in the catalogue's order (docs/measures.md). */
export const FIGURES: ReadonlyArray<readonly [id: string, compute: Compute]> = MEASURES.map(
  ({ id, formula }) => [id, computeOf(formula)] as const,
);
