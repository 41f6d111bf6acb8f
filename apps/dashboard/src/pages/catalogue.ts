import { FAILURE_REASONS } from '@waymark/event-contracts';
import type { Unit } from './figures';

/** One published figure on a page (its id in docs/measures.md), and how it is named and shown. */
export interface MeasureSpec {
  id: string;
  label: string;
  unit: Unit;
  /** Whether a rise is good news, for the words beside a change ("rising", "falling") — never a colour alone. */
  better?: 'higher' | 'lower';
}

/** A chart and its table: one small chart per measure over the filter's periods, and one table of them all. */
export interface BlockSpec {
  id: string;
  title: string;
  description: string;
  measures: MeasureSpec[];
  /** Show the charts two to a row: on the overview, each old contract count beside the value measure it hides. */
  layout?: 'pairs';
}

export interface FiguresPageSpec {
  kind: 'figures';
  path: string;
  title: string;
  intro: string;
  blocks: BlockSpec[];
}

export interface ChartPageSpec {
  kind: 'xmr';
  path: string;
  title: string;
  intro: string;
}

export type PageSpec = FiguresPageSpec | ChartPageSpec;

const m = (id: string, label: string, unit: Unit, better?: 'higher' | 'lower'): MeasureSpec => ({
  id,
  label,
  unit,
  ...(better && { better }),
});

const REASON_NAMES: Record<(typeof FAILURE_REASONS)[number], string> = {
  'chasing-progress': 'Chasing progress',
  'repeating-story': 'Repeating their story',
  'wrong-service': 'Wrong service or sent elsewhere',
  're-referral': 'Re-referral',
  'not-solved': 'Not solved, back again',
  'correcting-error': 'Correcting an error',
};

export const OVERVIEW: FiguresPageSpec = {
  kind: 'figures',
  path: '/',
  title: 'Value beside volume',
  intro:
    'Each old contract count beside the value measure it hides: a count can look better while what matters to people gets worse.',
  blocks: [
    {
      id: 'value-volume',
      title: 'Old contract counts and value measures',
      description: 'Left, what a volume contract counts; right, what it means for the people helped.',
      layout: 'pairs',
      measures: [
        m('volume.cost_per_contact', 'Cost per contact', 'pounds', 'lower'),
        m('end_to_end_cost.per_sustained_resolution', 'Cost per sustained resolution', 'pounds', 'lower'),
        m('volume.contacts', 'Contacts', 'count'),
        m('failure_demand.share', 'Failure demand', 'percent', 'lower'),
        m('volume.journeys_closed', 'Journeys closed', 'count'),
        m('sustained_resolution.rate', 'Sustained resolution', 'percent', 'higher'),
        m('volume.referrals', 'Referrals made', 'count'),
        m('re_presentation.rate', 'Re-presentation', 'percent', 'lower'),
        m('volume.assessments', 'Assessments', 'count'),
        m('end_to_end_days.median', 'End-to-end time, median', 'days', 'lower'),
      ],
    },
  ],
};

export const END_TO_END: ChartPageSpec = {
  kind: 'xmr',
  path: '/end-to-end',
  title: 'End-to-end time',
  intro:
    'Days from a person’s first contact to a resolution that held, as an XmR capability chart: by week (the median of the week’s sustained resolutions) or by month (the mean of each group of consecutive sustained resolutions).',
};

export const FIGURES_PAGES: FiguresPageSpec[] = [
  {
    kind: 'figures',
    path: '/failure-demand',
    title: 'Failure demand',
    intro: 'Demand caused by a failure to do something, or to do it right: its share of all contacts, and why.',
    blocks: [
      {
        id: 'share',
        title: 'Failure demand over time',
        description: 'Failure-demand contacts as a share of all contacts.',
        measures: [
          m('failure_demand.share', 'Failure demand', 'percent', 'lower'),
          m('volume.contacts', 'Contacts', 'count'),
        ],
      },
      {
        id: 'reasons',
        title: 'Failure demand by reason',
        description: 'Each reason’s failure-demand contacts as a share of all contacts.',
        measures: FAILURE_REASONS.map((reason) =>
          m(`failure_demand.share.${reason}`, REASON_NAMES[reason], 'percent', 'lower'),
        ),
      },
    ],
  },
  {
    kind: 'figures',
    path: '/flow',
    title: 'Flow',
    intro: 'How often people are passed on, referrals bounced, and whether resolutions hold.',
    blocks: [
      {
        id: 'hand-offs',
        title: 'Hand-offs and bounced referrals',
        description: 'Accepted hand-offs per closed journey, and the share of referrals declined.',
        measures: [
          m('hand_offs.accepted_per_journey', 'Hand-offs per journey', 'per-journey', 'lower'),
          m('hand_offs.bounced_referral_rate', 'Bounced referrals', 'percent', 'lower'),
          m('volume.referrals', 'Referrals made', 'count'),
        ],
      },
      {
        id: 'resolution',
        title: 'Re-presentation and sustained resolution',
        description:
          'Resolved journeys that came back within their follow-up window, closures whose resolution held, and resolutions still in their window.',
        measures: [
          m('re_presentation.rate', 'Re-presentation', 'percent', 'lower'),
          m('sustained_resolution.rate', 'Sustained resolution', 'percent', 'higher'),
          m('sustained_resolution.pending', 'Still in follow-up', 'count'),
        ],
      },
    ],
  },
  {
    kind: 'figures',
    path: '/what-matters',
    title: 'What matters and progress',
    intro:
      'Whether people are asked what matters to them, how soon, and how far they feel they have come; and how often they are assessed instead.',
    blocks: [
      {
        id: 'what-matters',
        title: 'What matters',
        description: 'Closed journeys with a what-matters conversation, and the median days to the first one.',
        measures: [
          m('what_matters.share', 'Had a what-matters conversation', 'percent', 'higher'),
          m('what_matters.median_days_to_first', 'Days to the first', 'days', 'lower'),
        ],
      },
      {
        id: 'progress',
        title: 'Person-rated progress',
        description: 'The median change in people’s own rating, first to last, on a scale of 0 to 10.',
        measures: [m('progress.median_change', 'Progress, median change', 'change', 'higher')],
      },
      {
        id: 'assessment',
        title: 'Assessment',
        description: 'Assessments per closed journey, and the share of journeys assessed more than once.',
        measures: [
          m('assessments.per_journey', 'Assessments per journey', 'per-journey', 'lower'),
          m('assessments.repeat_share', 'Assessed more than once', 'percent', 'lower'),
        ],
      },
    ],
  },
  {
    kind: 'figures',
    path: '/cost',
    title: 'Cost',
    intro:
      'What a whole journey that ends in a lasting resolution costs, beside the cost of a single contact that a volume contract pays for.',
    blocks: [
      {
        id: 'cost',
        title: 'Cost per sustained resolution and per contact',
        description: 'Recorded time at each provider’s hourly rate.',
        layout: 'pairs',
        measures: [
          m('end_to_end_cost.per_sustained_resolution', 'Cost per sustained resolution', 'pounds', 'lower'),
          m('volume.cost_per_contact', 'Cost per contact', 'pounds', 'lower'),
        ],
      },
    ],
  },
];

/** Every page in the order of the navigation. */
export const PAGES: PageSpec[] = [OVERVIEW, END_TO_END, ...FIGURES_PAGES];

export const NAV_LABELS: Record<string, string> = {
  '/': 'Overview',
  '/end-to-end': 'End-to-end time',
  '/failure-demand': 'Failure demand',
  '/flow': 'Flow',
  '/what-matters': 'What matters',
  '/cost': 'Cost',
};
