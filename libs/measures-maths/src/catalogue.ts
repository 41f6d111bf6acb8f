import { FAILURE_REASONS } from '@waymark/event-contracts';
import { DAY_MS, HOUR_MS } from './calendar';

/**
 * The measure catalogue: every published figure, and every count and value behind them, declared once
 * (docs/measures.md is generated from it, and a unit test keeps the two the same). The projection's closure counts
 * and percentile values, the rollups' closure columns, the percentile lookups' SQL and the report's figures are all
 * worked out from these declarations; adding a measure is an entry here (and a migration when it needs a new
 * closure count).
 */

export type FollowUp = 'pending' | 'sustained' | 'reopened';

/** What a closure carries for the measures: one closed event and the journey's state at it (measures-projection). */
export interface ClosureFacts {
  outcome: 'resolved' | 'unresolved';
  /** Only for resolved closures. */
  followUp: FollowUp | null;
  /** False once the journey has reopened after it. */
  final: boolean;
  endToEndMs: number;
  acceptedHandOffs: number;
  assessments: number;
  /** Opening to the first what-matters record; null when there was none. */
  whatMattersMs: number | null;
  /** Last minus first overall progress rating; null with fewer than two. */
  progressChange: number | null;
}

/** One condition on a closure: a field has a value, is present (not null), or is at least a number. */
export type Condition =
  | readonly [field: keyof ClosureFacts, 'is', value: string | boolean]
  | readonly [field: keyof ClosureFacts, 'present']
  | readonly [field: keyof ClosureFacts, 'at least', value: number];

/** Which closures a count takes in: those meeting every condition (none: every closure). */
export type Population = readonly Condition[];

export interface ClosureCountDeclaration {
  where: Population;
  /** What each closure in the population adds: 1, or this field's value. */
  adds?: 'acceptedHandOffs' | 'assessments';
}

const FINAL: Population = [['final', 'is', true]];

/**
 * The counts closures add to their period (per-journey measures use final closures: docs/measures.md). Each is a
 * column of the closure-count rollups, in this order: a new one needs a migration adding its column.
 */
export const CLOSURE_COUNTS = {
  closures: { where: [] },
  unresolved: { where: [['outcome', 'is', 'unresolved']] },
  sustained: { where: [['followUp', 'is', 'sustained']] },
  reopened: { where: [['followUp', 'is', 'reopened']] },
  pending: { where: [['followUp', 'is', 'pending']] },
  final: { where: FINAL },
  acceptedHandOffs: { where: FINAL, adds: 'acceptedHandOffs' },
  assessments: { where: FINAL, adds: 'assessments' },
  repeatAssessed: { where: [...FINAL, ['assessments', 'at least', 2]] },
  withWhatMatters: { where: [...FINAL, ['whatMattersMs', 'present']] },
  rated: { where: [...FINAL, ['progressChange', 'present']] },
} as const satisfies Record<string, ClosureCountDeclaration>;
export type ClosureCount = keyof typeof CLOSURE_COUNTS;
export const CLOSURE_COUNT_NAMES = Object.keys(CLOSURE_COUNTS) as ClosureCount[];

/**
 * The closure values whose percentiles are published: the field, the closure count whose population holds them
 * (so that count is the percentile's n), and the width of the count histogram's buckets the store keeps them in.
 */
export const CLOSURE_VALUES = {
  end_to_end_ms: { field: 'endToEndMs', of: 'sustained', bucketWidth: DAY_MS },
  what_matters_ms: { field: 'whatMattersMs', of: 'withWhatMatters', bucketWidth: HOUR_MS },
  // Progress changes are whole numbers: the bucket is the value.
  progress_change: { field: 'progressChange', of: 'rated', bucketWidth: 1 },
} as const satisfies Record<string, { field: keyof ClosureFacts; of: ClosureCount; bucketWidth: number }>;
export type ValueMeasure = keyof typeof CLOSURE_VALUES;
export const VALUE_MEASURES = Object.keys(CLOSURE_VALUES) as ValueMeasure[];

/** The percentiles the figures need, by the name a period's totals carry them under. */
export const PERCENTILES = {
  endToEndMedian: { of: 'end_to_end_ms', percent: 50 },
  endToEndP85: { of: 'end_to_end_ms', percent: 85 },
  whatMattersMedian: { of: 'what_matters_ms', percent: 50 },
  progressMedian: { of: 'progress_change', percent: 50 },
} as const satisfies Record<string, { of: ValueMeasure; percent: number }>;
export type PercentileName = keyof typeof PERCENTILES;
export const PERCENTILE_NAMES = Object.keys(PERCENTILES) as PercentileName[];

/**
 * A count a figure reads: an activity metric (counted by when it happened), the sum of the metrics with a prefix,
 * or a closure count; a figure's count may be a sum of several.
 */
export type Term = { activity: string } | { activities: `${string}.` } | { closures: ClosureCount };
export type Sum = readonly Term[];

const activity = (metric: string): Sum => [{ activity: metric }];
const closures = (...names: ClosureCount[]): Sum => names.map((name) => ({ closures: name }));

/** How a figure is worked out and disclosed (decision 0013; measures-report does the working out). */
export type Formula =
  /** A count, in bands of 5. */
  | { kind: 'count'; count: Sum }
  /** part ÷ whole, from their bands. */
  | { kind: 'share'; part: Sum; whole: Sum }
  /** total ÷ things, from their bands. */
  | { kind: 'mean-count'; total: Sum; per: Sum }
  /** A percentile of closure values, in days when the values are milliseconds. */
  | { kind: 'percentile'; percentile: PercentileName; unit: 'days' | 'as-is' }
  /** Σ minutes × each worker's hourly rate ÷ 60 ÷ the count, in GBP. */
  | { kind: 'cost'; minutes: 'work' | 'sustained'; per: Sum };

export interface MeasureDeclaration {
  /** `<reason>` in an id stands for each failure reason: one figure per reason. */
  id: string;
  table: 'value' | 'volume';
  /** As docs/measures.md states it. */
  definition: string;
  /** What must reach the smallest shown count, as docs/measures.md states it. */
  n: string;
  formula: Formula;
}

const REASON = '<reason>';

/** Every published figure, in the order the API lists them and docs/measures.md tables them. */
export const MEASURE_DECLARATIONS: readonly MeasureDeclaration[] = [
  {
    id: 'end_to_end_days.median',
    table: 'value',
    definition: 'median over sustained closures of (closure `time` − journey opened `time`) in days',
    n: 'sustained closures',
    formula: { kind: 'percentile', percentile: 'endToEndMedian', unit: 'days' },
  },
  {
    id: 'end_to_end_days.p85',
    table: 'value',
    definition: '85th percentile of the same',
    n: 'sustained closures',
    formula: { kind: 'percentile', percentile: 'endToEndP85', unit: 'days' },
  },
  {
    id: 'failure_demand.share',
    table: 'value',
    definition: 'failure-demand contacts ÷ contacts',
    n: 'contacts',
    formula: { kind: 'share', part: [{ activities: 'failure.' }], whole: activity('contact') },
  },
  {
    id: `failure_demand.share.${REASON}`,
    table: 'value',
    definition: 'failure-demand contacts with that reason ÷ contacts (one per reason in the vocabulary)',
    n: 'contacts',
    formula: { kind: 'share', part: activity(`failure.${REASON}`), whole: activity('contact') },
  },
  {
    id: 'hand_offs.accepted_per_journey',
    table: 'value',
    definition: 'Σ accepted hand-offs of final closures ÷ final closures',
    n: 'final closures',
    formula: { kind: 'mean-count', total: closures('acceptedHandOffs'), per: closures('final') },
  },
  {
    id: 'hand_offs.bounced_referral_rate',
    table: 'value',
    definition: 'referrals declined ÷ referrals',
    n: 'referrals',
    formula: { kind: 'share', part: activity('referral.declined'), whole: activity('referral') },
  },
  {
    id: 're_presentation.rate',
    table: 'value',
    definition: 'reopened ÷ (reopened + sustained) resolved closures',
    n: 'reopened + sustained',
    formula: { kind: 'share', part: closures('reopened'), whole: closures('reopened', 'sustained') },
  },
  {
    id: 'sustained_resolution.rate',
    table: 'value',
    definition: 'sustained ÷ (sustained + reopened + unresolved) closures',
    n: 'that sum',
    formula: { kind: 'share', part: closures('sustained'), whole: closures('sustained', 'reopened', 'unresolved') },
  },
  {
    id: 'sustained_resolution.pending',
    table: 'value',
    definition: 'resolved closures still in their follow-up window (a count)',
    n: 'itself',
    formula: { kind: 'count', count: closures('pending') },
  },
  {
    id: 'what_matters.share',
    table: 'value',
    definition: 'final closures whose journey had a what-matters record ÷ final closures',
    n: 'final closures',
    formula: { kind: 'share', part: closures('withWhatMatters'), whole: closures('final') },
  },
  {
    id: 'what_matters.median_days_to_first',
    table: 'value',
    definition: 'median over those journeys of (first what-matters `time` − opened `time`) in days',
    n: 'those journeys',
    formula: { kind: 'percentile', percentile: 'whatMattersMedian', unit: 'days' },
  },
  {
    id: 'progress.median_change',
    table: 'value',
    definition: 'median over final closures with ≥ 2 overall ratings of (last − first)',
    n: 'those closures',
    formula: { kind: 'percentile', percentile: 'progressMedian', unit: 'as-is' },
  },
  {
    id: 'assessments.per_journey',
    table: 'value',
    definition: 'Σ assessments of final closures ÷ final closures',
    n: 'final closures',
    formula: { kind: 'mean-count', total: closures('assessments'), per: closures('final') },
  },
  {
    id: 'assessments.repeat_share',
    table: 'value',
    definition: 'final closures with 2 or more assessments ÷ final closures',
    n: 'final closures',
    formula: { kind: 'share', part: closures('repeatAssessed'), whole: closures('final') },
  },
  {
    id: 'end_to_end_cost.per_sustained_resolution',
    table: 'value',
    definition: "Σ over sustained closures of the journey's whole cost ÷ sustained closures (GBP)",
    n: 'sustained closures',
    formula: { kind: 'cost', minutes: 'sustained', per: closures('sustained') },
  },
  {
    id: 'volume.contacts',
    table: 'volume',
    definition: 'contacts',
    n: 'itself',
    formula: { kind: 'count', count: activity('contact') },
  },
  {
    id: 'volume.assessments',
    table: 'volume',
    definition: 'assessments',
    n: 'itself',
    formula: { kind: 'count', count: activity('assessment') },
  },
  {
    id: 'volume.referrals',
    table: 'volume',
    definition: 'referrals (hand-offs requested)',
    n: 'itself',
    formula: { kind: 'count', count: activity('referral') },
  },
  {
    id: 'volume.journeys_opened',
    table: 'volume',
    definition: 'journeys opened',
    n: 'itself',
    formula: { kind: 'count', count: activity('opened') },
  },
  {
    id: 'volume.journeys_closed',
    table: 'volume',
    definition: 'closures (a journey closed twice counts twice, as a volume count would)',
    n: 'itself',
    formula: { kind: 'count', count: closures('closures') },
  },
  {
    id: 'volume.cost_per_contact',
    table: 'volume',
    definition: 'Σ recorded time × rate ÷ 60 over contacts, assessments and help ÷ contacts (GBP)',
    n: 'contacts',
    formula: { kind: 'cost', minutes: 'work', per: activity('contact') },
  },
];

/** A published figure: its id and formula, one per failure reason where the declaration says `<reason>`. */
export interface Measure {
  id: string;
  formula: Formula;
}

/** Every published figure, `<reason>` declarations expanded, in order. */
export const MEASURES: readonly Measure[] = MEASURE_DECLARATIONS.flatMap(({ id, formula }) =>
  id.includes(REASON)
    ? FAILURE_REASONS.map((reason) => ({ id: id.replace(REASON, reason), formula: forReason(formula, reason) }))
    : [{ id, formula }],
);

export const MEASURE_IDS = MEASURES.map((m) => m.id);

function forReason(formula: Formula, reason: string): Formula {
  const sum = (terms: Sum): Sum =>
    terms.map((t) => ('activity' in t ? { activity: t.activity.replace(REASON, reason) } : t));
  if (formula.kind !== 'share') throw new Error(`only shares are declared per ${REASON}`);
  return { ...formula, part: sum(formula.part), whole: sum(formula.whole) };
}

/** Whether a closure meets every condition of a population. */
export function inPopulation(closure: ClosureFacts, population: Population): boolean {
  return population.every((condition) => {
    const value = closure[condition[0]];
    switch (condition[1]) {
      case 'is':
        return value === condition[2];
      case 'present':
        return value !== null;
      case 'at least':
        return typeof value === 'number' && value >= condition[2];
    }
  });
}

/** What one closure adds to each closure count. */
export function closureCounts(closure: ClosureFacts): Record<ClosureCount, number> {
  const counts = {} as Record<ClosureCount, number>;
  for (const name of CLOSURE_COUNT_NAMES) {
    const { where, adds } = CLOSURE_COUNTS[name] as ClosureCountDeclaration;
    counts[name] = !inPopulation(closure, where) ? 0 : adds === undefined ? 1 : closure[adds];
  }
  return counts;
}

/** The values one closure puts into the percentiles' populations. */
export function closureValues(closure: ClosureFacts): Partial<Record<ValueMeasure, number>> {
  const values: Partial<Record<ValueMeasure, number>> = {};
  for (const measure of VALUE_MEASURES) {
    const { field, of } = CLOSURE_VALUES[measure];
    if (inPopulation(closure, CLOSURE_COUNTS[of].where)) values[measure] = closure[field] as number;
  }
  return values;
}
