import { EMPTY_PERIOD, NO_CLOSURES, PeriodAggregates } from './aggregates';
import { reportCsv } from './csv';
import { FIGURE_IDS } from './figures';
import { buildReport } from './report';

const DAY = 86_400_000;
/** Whole milliseconds, as the store has them. */
const ms = (days: number) => Math.round(days * DAY);

/** March 2026 for one provider, worked by hand below each figure. */
const march: PeriodAggregates = {
  activity: {
    opened: 12,
    contact: 50,
    'failure.chasing-progress': 6,
    'failure.repeating-story': 3,
    assessment: 8,
    help: 4,
    referral: 8,
    'referral.declined': 3,
  },
  // council: 600 minutes of contacts + 240 of assessments; charity: 300 of contacts + 120 of help
  workMinutes: [
    { providerId: 'council', minutes: 840 },
    { providerId: 'charity', minutes: 420 },
  ],
  closures: {
    ...NO_CLOSURES,
    closures: 11,
    unresolved: 2,
    sustained: 6,
    reopened: 2,
    pending: 1,
    final: 9,
    acceptedHandOffs: 4,
    assessments: 12,
    repeatAssessed: 3,
    withWhatMatters: 7,
    // 7 values: the median is the 4th (index 3), exactly 2.5 days
    whatMattersMedian: { lower: ms(2.5), upper: ms(3) },
    rated: 4,
    progressMedian: { lower: 3, upper: 4 },
    // 6 sustained: median between the 3rd and 4th (index 2.5) = 20.12; p85 at h = 5 × 0.85 = 4.25:
    // 40.9 + 0.25 × (41.32 − 40.9) = 41.005 days exactly, rounded half away from zero to 41.01
    endToEndMedian: { lower: ms(20.12), upper: ms(20.126) },
    endToEndP85: { lower: ms(40.9), upper: ms(41.32) },
  },
  sustainedMinutes: [
    { providerId: 'council', minutes: 500 },
    { providerId: 'charity', minutes: 100 },
  ],
};

const rates = new Map([
  ['council', 3000], // £30.00 an hour
  ['charity', 2400], // £24.00 an hour
]);

const filter = { from: '2026-03-01', to: '2026-03-31', groupBy: 'none' as const };

describe('buildReport', () => {
  const [{ figures }] = buildReport(filter, new Map([['2026-03-01', march]]), { threshold: 5, rates }).periods;

  it('works out every value measure', () => {
    expect(figures).toMatchObject({
      'end_to_end_days.median': { value: 20.12 }, // 20.123 exactly
      'end_to_end_days.p85': { value: 41.01 }, // 41.005 rounds half away from zero
      'failure_demand.share': { value: 0.18 }, // (6 + 3) / 50
      'failure_demand.share.chasing-progress': { value: 0.12 }, // 6 / 50
      'failure_demand.share.repeating-story': { value: 0.06 },
      'failure_demand.share.not-solved': { value: 0 }, // 0 / 50: the denominator is large enough to show it
      'hand_offs.accepted_per_journey': { value: 0.44 }, // 4 / 9 = 0.444…
      'hand_offs.bounced_referral_rate': { value: 0.375 }, // 3 / 8
      're_presentation.rate': { value: 0.25 }, // 2 / (2 + 6)
      'sustained_resolution.rate': { value: 0.6 }, // 6 / (6 + 2 + 2)
      'sustained_resolution.pending': { suppressed: true, reason: 'count-below-threshold' }, // 1 < 5
      'what_matters.share': { value: 0.7778 }, // 7 / 9
      'what_matters.median_days_to_first': { value: 2.5 },
      'progress.median_change': { suppressed: true, reason: 'denominator-below-threshold' }, // 4 rated < 5
      'assessments.per_journey': { value: 1.33 }, // 12 / 9
      'assessments.repeat_share': { value: 0.3333 }, // 3 / 9
      // (500 min × £30 + 100 min × £24) / 60 = £290, over 6 sustained resolutions = £48.333…
      'end_to_end_cost.per_sustained_resolution': { value: 48.33 },
    });
  });

  it('works out every volume measure', () => {
    expect(figures).toMatchObject({
      'volume.contacts': { value: 50 },
      'volume.assessments': { value: 8 },
      'volume.referrals': { value: 8 },
      'volume.journeys_opened': { value: 12 },
      'volume.journeys_closed': { value: 11 },
      // contacts 600 × £30 + 300 × £24, assessments 240 × £30, help 120 × £24 = £18,000 + £7,200 + £7,200 + £2,880
      // pence-minutes → (18000 + 7200 + 7200 + 2880) / 60 = £588, over 50 contacts = £11.76
      'volume.cost_per_contact': { value: 11.76 },
    });
  });

  it('lists every figure for every period, empty periods suppressed rather than zero', () => {
    const report = buildReport({ ...filter, groupBy: 'week' }, new Map(), { threshold: 5, rates });
    expect(report.periods).toHaveLength(6); // 23 Feb… weeks touching March
    for (const period of report.periods) {
      expect(Object.keys(period.figures)).toEqual(FIGURE_IDS);
      expect(Object.values(period.figures).every((f) => 'suppressed' in f)).toBe(true);
    }
  });

  it('says a cost is unavailable when a provider that did the work has no rate', () => {
    const [{ figures: without }] = buildReport(filter, new Map([['2026-03-01', march]]), {
      threshold: 5,
      rates: new Map([['council', 3000]]),
    }).periods;
    expect(without['volume.cost_per_contact']).toEqual({ unavailable: true, reason: 'cost-rate-missing' });
    expect(without['end_to_end_cost.per_sustained_resolution']).toEqual({
      unavailable: true,
      reason: 'cost-rate-missing',
    });
  });

  it('applies a higher threshold everywhere', () => {
    const [{ figures: strict }] = buildReport(filter, new Map([['2026-03-01', march]]), {
      threshold: 10,
      rates,
    }).periods;
    expect(strict['volume.journeys_opened']).toEqual({ value: 12 });
    expect(strict['volume.assessments']).toEqual({ suppressed: true, reason: 'count-below-threshold' });
    expect(strict['end_to_end_days.median']).toEqual({ suppressed: true, reason: 'denominator-below-threshold' });
    expect(strict['end_to_end_cost.per_sustained_resolution']).toEqual({
      suppressed: true,
      reason: 'denominator-below-threshold',
    });
  });

  it('exports the same figures as CSV, one row per period and figure', () => {
    const report = buildReport({ ...filter, provider: 'council' }, new Map([['2026-03-01', march]]), {
      threshold: 5,
      rates,
    });
    const lines = reportCsv(report).trimEnd().split('\n');
    expect(lines[0]).toBe('period_start,period_end,provider,area,measure,value,status');
    expect(lines).toHaveLength(1 + FIGURE_IDS.length);
    expect(lines).toContain('2026-03-01,2026-03-31,council,,failure_demand.share,0.18,shown');
    expect(lines).toContain(
      '2026-03-01,2026-03-31,council,,sustained_resolution.pending,,suppressed:count-below-threshold',
    );
  });

  it('treats a period the store had nothing for as empty', () => {
    const [{ figures: empty }] = buildReport(filter, new Map([['2026-03-01', EMPTY_PERIOD]]), {
      threshold: 5,
      rates,
    }).periods;
    expect(empty['volume.contacts']).toEqual({ suppressed: true, reason: 'count-below-threshold' });
  });
});
