import { chartQuery, measuresQuery as measuresFilter } from './measures-query';

describe('measuresFilter', () => {
  const issues = (input: object) =>
    measuresFilter.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('accepts whole months with a provider and an area, by month unless asked', () => {
    expect(measuresFilter.parse({ from: '2026-01-01', to: '2026-02-28', provider: 'council', area: 'N1' })).toEqual({
      from: '2026-01-01',
      to: '2026-02-28',
      provider: 'council',
      area: 'N1',
      groupBy: 'month',
      format: 'json',
    });
    expect(measuresFilter.parse({ from: '2026-03-02', to: '2026-03-15', groupBy: 'week' })).toMatchObject({
      groupBy: 'week',
    });
  });

  it('accepts only whole published periods: ISO weeks, or calendar months', () => {
    const week = ' (figures are published for whole periods only)';
    expect(issues({ from: '2026-03-01', to: '2026-03-07' })).toEqual(['to: must be the last day of a month' + week]);
    expect(issues({ from: '2026-03-02', to: '2026-03-31' })).toEqual(['from: must be the first day of a month' + week]);
    expect(issues({ from: '2026-03-01', to: '2026-03-15', groupBy: 'week' })).toEqual([
      'from: must be a Monday, the first day of an ISO week' + week,
    ]);
    expect(issues({ from: '2026-03-02', to: '2026-03-14', groupBy: 'week' })).toEqual([
      'to: must be a Sunday, the last day of an ISO week' + week,
    ]);
    expect(issues({ from: '2024-02-01', to: '2024-02-29' })).toBeUndefined(); // a leap February
    expect(issues({ from: '2026-01-01', to: '2026-01-31', groupBy: 'none' })?.[0]).toMatch(/^groupBy: /);
  });

  it('names the parameter and the rule', () => {
    expect(issues({ from: '2026-02-01', to: '2026-01-31' })).toEqual(['to: must not be before from']);
    expect(issues({ from: '2020-01-01', to: '2026-01-31' })).toEqual(['to: must be less than 1098 days after from']);
    expect(issues({ from: '2026-02-30', to: '2026-03-31' })).toEqual(['from: must be a calendar date, YYYY-MM-DD']);
    expect(issues({ from: '2026-01-01', to: '2026-01-31', groupBy: 'year' })?.[0]).toMatch(/^groupBy: /);
    expect(issues({ from: '2026-01-01', to: '2026-01-31', provider: 'Bad Name' })?.[0]).toMatch(/^provider: /);
    expect(issues({ from: '2026-01-01', to: '2026-01-31', personRef: 'x' })?.[0]).toMatch(/personRef/);
  });
});

describe('chartQuery', () => {
  const issues = (input: object) =>
    chartQuery.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

  it('charts weeks over whole weeks and closure groups over whole months', () => {
    expect(issues({ by: 'week', from: '2026-03-02', to: '2026-03-29' })).toBeUndefined();
    expect(issues({ by: 'closure-group', from: '2026-03-01', to: '2026-04-30' })).toBeUndefined();
    expect(issues({ by: 'week', from: '2026-03-01', to: '2026-03-31' })).toHaveLength(2);
    expect(issues({ by: 'closure-group', from: '2026-03-02', to: '2026-03-29' })).toHaveLength(2);
  });

  it('no longer charts single journeys', () => {
    expect(issues({ by: 'journey', from: '2026-03-01', to: '2026-03-31' })?.[0]).toMatch(/^by: /);
  });

  const march = { by: 'closure-group', from: '2026-03-01', to: '2026-03-31' };

  it('takes a change date within the range, its edges included', () => {
    for (const changeDate of ['2026-03-01', '2026-03-18', '2026-03-31']) {
      expect(chartQuery.parse({ ...march, changeDate })).toMatchObject({ changeDate });
    }
    expect(issues({ ...march, changeDate: '2026-02-28' })).toEqual(['changeDate: must be within the range, from … to']);
    expect(issues({ ...march, changeDate: '2026-04-01' })).toEqual(['changeDate: must be within the range, from … to']);
    expect(issues({ ...march, changeDate: '2026-02-30' })).toEqual(['changeDate: must be a calendar date, YYYY-MM-DD']);
  });

  it('takes a target of positive days with at most 2 decimals, as a number', () => {
    expect(chartQuery.parse({ ...march, target: '28' })).toMatchObject({ target: 28 });
    expect(chartQuery.parse({ ...march, target: '28.25' })).toMatchObject({ target: 28.25 });
    expect(chartQuery.parse(march)).not.toHaveProperty('target');
    for (const target of ['0', '0.00', '-3', '28.125', '1e3', 'soon', '', '10000']) {
      expect(issues({ ...march, target })?.map((i) => i.split(':')[0])).toEqual(['target']);
    }
  });
});
