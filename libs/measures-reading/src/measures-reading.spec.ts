import { EMPTY_PERIOD } from '@waymark/measures-maths';
import { ReadAdmission, ReadRefused } from '@waymark/measures-store';
import { QueryFailedError } from 'typeorm';
import { MeasuresReading } from './measures-reading';
import { tooBusy } from './read-failure';

const DAY = 86_400_000;
const watermark = {
  lastRecordedAt: new Date('2026-03-31T10:00:00Z'),
  lastAppliedAt: new Date('2026-03-31T10:00:01Z'),
  eventsApplied: 7,
};

/** What the store would answer: one month of 23 contacts (12 of them failure demand) and one of nothing. */
const queries = {
  periods: jest.fn(async () => ({
    periods: new Map([
      [
        '2026-03-01',
        {
          ...EMPTY_PERIOD,
          activity: { contact: 23, 'failure.chasing-progress': 12 },
          workMinutes: [{ providerId: 'p1', minutes: 230 }],
        },
      ],
    ]),
    ratesInPence: new Map([['p1', 3000]]),
    watermark,
  })),
  weeklyEndToEnd: jest.fn(async () => ({
    weeks: new Map([
      ['2026-03-02', { n: 11, median: { lower: 10 * DAY, upper: 11 * DAY } }],
      ['2026-03-09', { n: 12, median: { lower: 12 * DAY, upper: 12 * DAY } }],
    ]),
    watermark,
  })),
  recentClosureGroups: jest.fn(async () => ({ sustainedByMonth: new Map(), groups: [], watermark })),
};

const reading = () =>
  new MeasuresReading(queries, new ReadAdmission({ connections: 2, queueLimit: 1, queueTimeoutMs: 1000 }), 5);

describe('MeasuresReading', () => {
  beforeEach(() => jest.clearAllMocks());

  it('answers figures under disclosure control at its threshold, with the cost rates and freshness it read', async () => {
    const answer = await reading().figures({ from: '2026-02-01', to: '2026-03-31', groupBy: 'month' });
    expect(queries.periods).toHaveBeenCalledWith({ from: '2026-02-01', to: '2026-03-31', groupBy: 'month' });
    expect(answer.filter).toEqual({
      from: '2026-02-01',
      to: '2026-03-31',
      provider: null,
      area: null,
      groupBy: 'month',
    });
    expect(answer.smallestShownCount).toBe(10);
    const [february, march] = answer.periods;
    expect(february?.figures['volume.contacts']).toEqual({ suppressed: true, reason: 'count-below-threshold' });
    expect(march?.figures['volume.contacts']).toEqual({ value: 20 });
    expect(march?.figures['failure_demand.share']).toEqual({ value: 0.5 }); // bands: 10 of 20
    expect(march?.figures['volume.cost_per_contact']).toEqual({ value: 5 }); // 230 min at £30 an hour, 23 contacts
    expect(answer.freshness).toEqual({
      lastEventRecordedAt: '2026-03-31T10:00:00.000Z',
      lastAppliedAt: '2026-03-31T10:00:01.000Z',
    });
  });

  it('answers a chart by week as the API publishes it: the filter, the threshold, the segments and readings, the freshness', async () => {
    const answer = await reading().endToEndChart({ by: 'week', limit: 100, from: '2026-03-02', to: '2026-03-15' });
    expect(answer).toEqual({
      filter: { from: '2026-03-02', to: '2026-03-15', provider: null, area: null },
      disclosureThreshold: 5,
      smallestShownCount: 10,
      by: 'week',
      suppressedWeeks: [],
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: '2026-03-02', x: 10, movingRange: null, rules: [], variation: 'common-cause' },
        { label: '2026-03-09', x: 12, movingRange: 2, rules: [], variation: 'common-cause' },
      ],
      segments: [
        {
          from: 0,
          to: 1,
          baselineTo: 1,
          centreLine: 11,
          upperLimit: 16.32,
          lowerLimit: 5.68,
          upperTwoSigma: 14.55,
          lowerTwoSigma: 7.45,
          movingRangeUpperLimit: 6.54,
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
      freshness: { lastEventRecordedAt: '2026-03-31T10:00:00.000Z', lastAppliedAt: '2026-03-31T10:00:01.000Z' },
    });
    expect(Object.keys(answer).slice(0, 3)).toEqual(['filter', 'disclosureThreshold', 'smallestShownCount']);
  });

  it('reads closure groups of the size the threshold gives, and keeps a change date and target out of the filter', async () => {
    const answer = await reading().endToEndChart({
      by: 'closure-group',
      limit: 50,
      from: '2026-01-01',
      to: '2026-03-31',
      provider: 'p1',
      changeDate: '2026-02-01',
      target: 20,
    });
    expect(queries.recentClosureGroups).toHaveBeenCalledWith(
      { from: '2026-01-01', to: '2026-03-31', provider: 'p1', groupBy: 'month' },
      10,
      50,
    );
    expect(answer.filter).toEqual({ from: '2026-01-01', to: '2026-03-31', provider: 'p1', area: null });
    expect(answer).toMatchObject({ changeDate: '2026-02-01', target: 20 });
  });

  it('closes its admission on shutdown, so reads are refused rather than queued', async () => {
    const r = reading();
    r.onModuleDestroy();
    await expect(r.admission.run(1, async () => 1)).rejects.toThrow(ReadRefused);
  });
});

describe('tooBusy', () => {
  it('tells refused reads and database timeouts, which are passing, from any other error', () => {
    expect(tooBusy(new ReadRefused('queue-full'))).toBe('queue-full');
    expect(tooBusy(new ReadRefused('closing'))).toBe('closing');
    const cancelled = new QueryFailedError('SELECT 1', [], Object.assign(new Error('canceled'), { code: '57014' }));
    expect(tooBusy(cancelled)).toBe('timeout');
    expect(tooBusy(new Error('timeout exceeded when trying to connect'))).toBe('timeout');
    const other = new QueryFailedError('SELECT 1', [], Object.assign(new Error('syntax'), { code: '42601' }));
    expect(tooBusy(other)).toBeUndefined();
    expect(tooBusy(new Error('boom'))).toBeUndefined();
  });
});
