import { FAILURE_REASONS } from '@waymark/event-contracts';
import { DAY_MS, Disclosed, suppressCount, suppressRate, suppressStatistic } from '@waymark/measures-maths';
import type { CostRatesPence, PeriodAggregates } from './aggregates';
import { round } from './rounding';

/** A published figure: a value, a suppression marker, or why it cannot be worked out. */
export type Figure = Disclosed<number> | { unavailable: true; reason: 'cost-rate-missing' };

export interface FigureContext {
  threshold: number;
  rates: CostRatesPence;
}

type Compute = (p: PeriodAggregates, ctx: FigureContext) => Figure;

const RATE_DECIMALS = 4;
const DECIMALS = 2;

const sumOf = (p: PeriodAggregates, metric: (m: string) => boolean) =>
  p.activity.filter((a) => metric(a.metric)).reduce((sum, a) => sum + a.count, 0);
const countOf = (p: PeriodAggregates, metric: string) => sumOf(p, (m) => m === metric);
const failures = (p: PeriodAggregates) => sumOf(p, (m) => m.startsWith('failure.'));

function rounded(figure: Disclosed<number>, decimals: number): Figure {
  return 'value' in figure ? { value: round(figure.value, decimals) } : figure;
}

const count =
  (n: (p: PeriodAggregates) => number): Compute =>
  (p, { threshold }) =>
    suppressCount(n(p), threshold);

const share =
  (numerator: (p: PeriodAggregates) => number, denominator: (p: PeriodAggregates) => number): Compute =>
  (p, { threshold }) =>
    rounded(suppressRate(numerator(p), denominator(p), threshold), RATE_DECIMALS);

/** A statistic over n things; its value is asked for only when n passes the threshold (so it exists). */
const statistic =
  (value: (p: PeriodAggregates) => number | null, n: (p: PeriodAggregates) => number): Compute =>
  (p, { threshold }) =>
    rounded(suppressStatistic(n(p) >= threshold ? (value(p) as number) : 0, n(p), threshold), DECIMALS);

const days = (ms: number | null) => (ms === null ? null : ms / DAY_MS);

/** Σ minutes × rate in pence·minutes, or null when a provider that did work has no rate. */
function penceMinutes(work: { providerId: string; minutes: number }[], rates: CostRatesPence): number | null {
  let total = 0;
  for (const { providerId, minutes } of work) {
    if (minutes === 0) continue;
    const rate = rates.get(providerId);
    if (rate === undefined) return null;
    total += minutes * rate;
  }
  return total;
}

/** Cost in GBP per thing: pence·minutes ÷ (60 × 100) ÷ n, as one division. Disclosure is decided first. */
const costPer =
  (
    work: (p: PeriodAggregates) => { providerId: string; minutes: number }[],
    n: (p: PeriodAggregates) => number,
  ): Compute =>
  (p, { threshold, rates }) => {
    if (n(p) < threshold) return suppressStatistic(0, n(p), threshold);
    const total = penceMinutes(work(p), rates);
    if (total === null) return { unavailable: true, reason: 'cost-rate-missing' };
    return { value: round(total / (6000 * n(p)), DECIMALS) };
  };

const COSTED = new Set(['contact', 'assessment', 'help']);

/** Every published figure, in the order of docs/measures.md. */
export const FIGURES: ReadonlyArray<readonly [id: string, compute: Compute]> = [
  [
    'end_to_end_days.median',
    statistic(
      (p) => days(p.closures.endToEndMedianMs),
      (p) => p.closures.sustained,
    ),
  ],
  [
    'end_to_end_days.p85',
    statistic(
      (p) => days(p.closures.endToEndP85Ms),
      (p) => p.closures.sustained,
    ),
  ],
  ['failure_demand.share', share(failures, (p) => countOf(p, 'contact'))],
  ...FAILURE_REASONS.map(
    (reason) =>
      [
        `failure_demand.share.${reason}`,
        share(
          (p) => countOf(p, `failure.${reason}`),
          (p) => countOf(p, 'contact'),
        ),
      ] as const,
  ),
  [
    'hand_offs.accepted_per_journey',
    statistic(
      (p) => p.closures.acceptedHandOffs / p.closures.final,
      (p) => p.closures.final,
    ),
  ],
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
    share(
      (p) => p.closures.sustained,
      (p) => p.closures.sustained + p.closures.reopened + p.closures.unresolved,
    ),
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
    statistic(
      (p) => days(p.closures.whatMattersMedianMs),
      (p) => p.closures.withWhatMatters,
    ),
  ],
  [
    'progress.median_change',
    statistic(
      (p) => p.closures.progressMedianChange,
      (p) => p.closures.rated,
    ),
  ],
  [
    'assessments.per_journey',
    statistic(
      (p) => p.closures.assessments / p.closures.final,
      (p) => p.closures.final,
    ),
  ],
  [
    'assessments.repeat_share',
    share(
      (p) => p.closures.repeatAssessed,
      (p) => p.closures.final,
    ),
  ],
  [
    'end_to_end_cost.per_sustained_resolution',
    costPer(
      (p) => p.sustainedMinutes.map((m) => ({ providerId: m.workerProviderId, minutes: m.minutes })),
      (p) => p.closures.sustained,
    ),
  ],
  ['volume.contacts', count((p) => countOf(p, 'contact'))],
  ['volume.assessments', count((p) => countOf(p, 'assessment'))],
  ['volume.referrals', count((p) => countOf(p, 'referral'))],
  ['volume.journeys_opened', count((p) => countOf(p, 'opened'))],
  ['volume.journeys_closed', count((p) => p.closures.closures)],
  [
    'volume.cost_per_contact',
    costPer(
      (p) => p.activity.filter((a) => COSTED.has(a.metric)),
      (p) => countOf(p, 'contact'),
    ),
  ],
];

export const FIGURE_IDS = FIGURES.map(([id]) => id);
