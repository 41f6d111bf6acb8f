import { FAILURE_REASONS } from '@waymark/event-contracts';
import {
  DAY_MS,
  Disclosed,
  discloseCount,
  discloseMeanCount,
  discloseShare,
  discloseStatistic,
  Fraction,
  percentileBetween,
  roundExact,
} from '@waymark/measures-maths';
import type { CostRatesPence, Neighbours, PeriodAggregates, ProviderMinutes } from './aggregates';

/** A published figure: a value, a suppression marker, or why it cannot be worked out. */
export type Figure = Disclosed<number> | { unavailable: true; reason: 'cost-rate-missing' };

export interface FigureContext {
  threshold: number;
  rates: CostRatesPence;
}

type Compute = (p: PeriodAggregates, ctx: FigureContext) => Figure;
type Of<T> = (p: PeriodAggregates) => T;

const RATE_DECIMALS = 4;
const DECIMALS = 2;

const countOf = (p: PeriodAggregates, metric: string) => p.activity[metric] ?? 0;
const failures = (p: PeriodAggregates) =>
  Object.entries(p.activity).reduce((sum, [metric, n]) => (metric.startsWith('failure.') ? sum + n : sum), 0);

/** A disclosed exact value, rounded half away from zero from its exact value. */
const rounded = (disclosed: Disclosed<Fraction>, decimals: number): Figure =>
  'value' in disclosed ? { value: roundExact(disclosed.value, decimals) } : disclosed;

const count =
  (n: Of<number>): Compute =>
  (p, { threshold }) =>
    discloseCount(n(p), threshold);

/** A share of a count: from the bands of its part and whole (measures-maths discloseShare). */
const share =
  (numerator: Of<number>, denominator: Of<number>): Compute =>
  (p, { threshold }) =>
    rounded(discloseShare(numerator(p), denominator(p), threshold), RATE_DECIMALS);

/** A count per journey: from the bands of the total and of the final closures. */
const perJourney =
  (total: Of<number>): Compute =>
  (p, { threshold }) =>
    rounded(discloseMeanCount(total(p), p.closures.final, threshold), DECIMALS);

/** A percentile of n values from its neighbours, optionally in days (the values are milliseconds). */
const percentileOf =
  (neighbours: Of<Neighbours | null>, n: Of<number>, pct: number, unit: 'days' | 'as-is'): Compute =>
  (p, { threshold }) =>
    rounded(
      discloseStatistic(
        n(p),
        () => {
          const { lower, upper } = neighbours(p) as Neighbours;
          const value = percentileBetween(lower, upper ?? undefined, n(p), pct);
          return unit === 'days' ? value.div(DAY_MS) : value;
        },
        threshold,
      ),
      DECIMALS,
    );

/**
 * Cost in GBP per thing: Σ minutes × pence an hour ÷ 6000 ÷ n, exact (money is not a count; n stays unpublished, so
 * cost × the published count gives the total only to within a band). Disclosure is decided first.
 */
const costPer =
  (work: Of<ProviderMinutes[]>, n: Of<number>): Compute =>
  (p, { threshold, rates }) => {
    const gate = discloseStatistic(n(p), () => null, threshold);
    if (!('value' in gate)) return gate;
    let penceMinutes = 0;
    for (const { providerId, minutes } of work(p)) {
      if (minutes === 0) continue;
      const rate = rates.get(providerId);
      if (rate === undefined) return { unavailable: true, reason: 'cost-rate-missing' };
      penceMinutes += minutes * rate;
    }
    return { value: roundExact(new Fraction(penceMinutes, 6000 * n(p)), DECIMALS) };
  };

const contacts = (p: PeriodAggregates) => countOf(p, 'contact');
const sustained = (p: PeriodAggregates) => p.closures.sustained;

/** Every published figure, in the order of docs/measures.md. */
export const FIGURES: ReadonlyArray<readonly [id: string, compute: Compute]> = [
  ['end_to_end_days.median', percentileOf((p) => p.closures.endToEndMedian, sustained, 50, 'days')],
  ['end_to_end_days.p85', percentileOf((p) => p.closures.endToEndP85, sustained, 85, 'days')],
  ['failure_demand.share', share(failures, contacts)],
  ...FAILURE_REASONS.map(
    (reason) => [`failure_demand.share.${reason}`, share((p) => countOf(p, `failure.${reason}`), contacts)] as const,
  ),
  ['hand_offs.accepted_per_journey', perJourney((p) => p.closures.acceptedHandOffs)],
  [
    'hand_offs.bounced_referral_rate',
    share(
      (p) => countOf(p, 'referral.declined'),
      (p) => countOf(p, 'referral'),
    ),
  ],
  [
    're_presentation.rate',
    share(
      (p) => p.closures.reopened,
      (p) => p.closures.reopened + p.closures.sustained,
    ),
  ],
  [
    'sustained_resolution.rate',
    share(sustained, (p) => p.closures.sustained + p.closures.reopened + p.closures.unresolved),
  ],
  ['sustained_resolution.pending', count((p) => p.closures.pending)],
  [
    'what_matters.share',
    share(
      (p) => p.closures.withWhatMatters,
      (p) => p.closures.final,
    ),
  ],
  [
    'what_matters.median_days_to_first',
    percentileOf(
      (p) => p.closures.whatMattersMedian,
      (p) => p.closures.withWhatMatters,
      50,
      'days',
    ),
  ],
  [
    'progress.median_change',
    percentileOf(
      (p) => p.closures.progressMedian,
      (p) => p.closures.rated,
      50,
      'as-is',
    ),
  ],
  ['assessments.per_journey', perJourney((p) => p.closures.assessments)],
  [
    'assessments.repeat_share',
    share(
      (p) => p.closures.repeatAssessed,
      (p) => p.closures.final,
    ),
  ],
  ['end_to_end_cost.per_sustained_resolution', costPer((p) => p.sustainedMinutes, sustained)],
  ['volume.contacts', count(contacts)],
  ['volume.assessments', count((p) => countOf(p, 'assessment'))],
  ['volume.referrals', count((p) => countOf(p, 'referral'))],
  ['volume.journeys_opened', count((p) => countOf(p, 'opened'))],
  ['volume.journeys_closed', count((p) => p.closures.closures)],
  ['volume.cost_per_contact', costPer((p) => p.workMinutes, contacts)],
];

export const FIGURE_IDS = FIGURES.map(([id]) => id);
