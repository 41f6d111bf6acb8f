import { periodsOf } from './filter';

describe('periodsOf', () => {
  it('splits a range by week or month, or not at all', () => {
    expect(periodsOf({ from: '2026-03-01', to: '2026-04-30', groupBy: 'month' }).map((p) => p.bucket)).toEqual([
      '2026-03-01',
      '2026-04-01',
    ]);
    expect(periodsOf({ from: '2026-01-01', to: '2026-12-31', groupBy: 'none' })).toEqual([
      { bucket: '2026-01-01', start: '2026-01-01', end: '2026-12-31' },
    ]);
  });
});
