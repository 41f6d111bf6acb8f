import { EMPTY_PERIOD, MEASURE_IDS, NO_CLOSURES, PeriodAggregates } from '@waymark/measures-maths';
import { reportCsv } from './csv';
import { buildReport } from './report';

const DAY = 86_400_000;
/** Whole milliseconds, as the store has them. */
const ms = (days: number) => Math.round(days * DAY);

/**
 * March 2026 for one provider, worked by hand below each figure under the default threshold of 5: counts are shown
 * from 10, as the lowest value of their band of 5; shares and counts per journey are worked out from those bands.
 */
const march: PeriodAggregates = {
  activity: {
    opened: 12,
    contact: 50,
    'failure.chasing-progress': 16,
    'failure.repeating-story': 3,
    assessment: 8,
    help: 4,
    referral: 28,
    'referral.declined': 11,
  },
  // council: 600 minutes of contacts + 240 of assessments; charity: 300 of contacts + 120 of help
  workMinutes: [
    { providerId: 'council', minutes: 840 },
    { providerId: 'charity', minutes: 420 },
  ],
  closures: {
    ...NO_CLOSURES,
    closures: 40,
    unresolved: 6,
    sustained: 14,
    reopened: 11,
    pending: 9,
    final: 29,
    acceptedHandOffs: 13,
    assessments: 38,
    repeatAssessed: 12,
    withWhatMatters: 21,
    // 21 values: the median is the 11th (index 10), exactly 2.5 days
    whatMattersMedian: { lower: ms(2.5), upper: ms(3) },
    rated: 9,
    progressMedian: { lower: 3, upper: 4 },
    // 14 sustained: median at h = 13 × 0.5 = 6.5, halfway from 20.12 to 20.126 = 20.123; p85 at h = 13 × 0.85 =
    // 11.05: 40.9 + 0.05 × (41.32 − 40.9) = 40.921
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

const filter = { from: '2026-03-01', to: '2026-03-31', groupBy: 'month' as const };

describe('buildReport', () => {
  const [{ figures }] = buildReport(filter, new Map([['2026-03-01', march]]), { threshold: 5, rates }).periods;

  const partWithheld = { suppressed: true, reason: 'numerator-or-complement-below-threshold' };

  it('works out every value measure', () => {
    expect(figures).toEqual({
      'end_to_end_days.median': { value: 20.12 }, // 20.123 exactly
      'end_to_end_days.p85': { value: 40.92 }, // 40.921
      'failure_demand.share': { value: 0.3 }, // 16 + 3 = 19 of 50: bands 15 ÷ 50
      'failure_demand.share.chasing-progress': { value: 0.3 }, // 16 of 50: 15 ÷ 50
      'failure_demand.share.repeating-story': partWithheld, // 3 of 50: the part is below 10
      'failure_demand.share.wrong-service': partWithheld, // 0 of 50
      'failure_demand.share.re-referral': partWithheld,
      'failure_demand.share.not-solved': partWithheld,
      'failure_demand.share.correcting-error': partWithheld,
      'hand_offs.accepted_per_journey': { value: 0.4 }, // 13 over 29 final closures: 10 ÷ 25
      'hand_offs.bounced_referral_rate': { value: 0.4 }, // 11 of 28: 10 ÷ 25
      're_presentation.rate': { value: 0.4 }, // 11 of 11 + 14: 10 ÷ 25
      'sustained_resolution.rate': { value: 0.3333 }, // 14 of 14 + 11 + 6 = 31: 10 ÷ 30
      'sustained_resolution.pending': { suppressed: true, reason: 'count-below-threshold' }, // 9 < 10
      'what_matters.share': partWithheld, // 21 of 29: only 8 without
      'what_matters.median_days_to_first': { value: 2.5 },
      'progress.median_change': { suppressed: true, reason: 'denominator-below-threshold' }, // 9 rated < 10
      'assessments.per_journey': { value: 1.4 }, // 38 over 29: 35 ÷ 25
      'assessments.repeat_share': { value: 0.4 }, // 12 of 29: 10 ÷ 25
      // (500 min × £30 + 100 min × £24) / 60 = £290, over 14 sustained resolutions = £20.714…
      'end_to_end_cost.per_sustained_resolution': { value: 20.71 },
      'volume.contacts': { value: 50 },
      'volume.assessments': { suppressed: true, reason: 'count-below-threshold' }, // 8 < 10
      'volume.referrals': { value: 25 }, // 28: the band 25–29
      'volume.journeys_opened': { value: 10 }, // 12: the band 10–14
      'volume.journeys_closed': { value: 40 },
      // contacts 600 × £30 + 300 × £24, assessments 240 × £30, help 120 × £24 = £18,000 + £7,200 + £7,200 + £2,880
      // pence-minutes → (18000 + 7200 + 7200 + 2880) / 60 = £588, over 50 contacts = £11.76
      'volume.cost_per_contact': { value: 11.76 },
    });
  });

  it('gives a share times its whole’s published count back only as a band', () => {
    // failure share 0.3 × 50 published contacts = 15: the failure contacts' band (15–19), not 19.
    expect((figures['failure_demand.share'] as { value: number }).value * 50).toBe(15);
  });

  it('lists every figure for every period, empty periods suppressed rather than zero', () => {
    const report = buildReport({ ...filter, groupBy: 'week' }, new Map(), { threshold: 5, rates });
    expect(report.periods).toHaveLength(6); // 23 Feb… weeks touching March (the store splits them; the API asks whole)
    for (const period of report.periods) {
      expect(Object.keys(period.figures)).toEqual(MEASURE_IDS);
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
    const report = buildReport(filter, new Map([['2026-03-01', march]]), { threshold: 10, rates });
    const [{ figures: strict }] = report.periods;
    expect(report.smallestShownCount).toBe(15);
    expect(strict['volume.contacts']).toEqual({ value: 50 });
    expect(strict['volume.journeys_opened']).toEqual({ suppressed: true, reason: 'count-below-threshold' }); // 12
    expect(strict['end_to_end_days.median']).toEqual({ suppressed: true, reason: 'denominator-below-threshold' }); // 14
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
    expect(lines).toHaveLength(1 + MEASURE_IDS.length);
    expect(lines).toContain('2026-03-01,2026-03-31,council,,failure_demand.share,0.3,shown');
    expect(lines).toContain('2026-03-01,2026-03-31,council,,volume.referrals,25,shown');
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
