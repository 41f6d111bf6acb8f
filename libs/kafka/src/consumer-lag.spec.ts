import { partitionLags } from './consumer-lag';

describe('partitionLags', () => {
  it('is the high watermark minus the committed offset, per partition', () => {
    const ends = [
      { partition: 0, high: '120', low: '0' },
      { partition: 1, high: '40', low: '0' },
    ];
    expect(
      partitionLags(ends, [
        { partition: 0, offset: '100' },
        { partition: 1, offset: '40' },
      ]),
    ).toEqual([
      { partition: 0, lag: 20 },
      { partition: 1, lag: 0 },
    ]);
  });

  it('counts everything still kept on a partition the group has never committed on', () => {
    const ends = [{ partition: 2, high: '30', low: '5' }];
    expect(partitionLags(ends, [{ partition: 2, offset: '-1' }])).toEqual([{ partition: 2, lag: 25 }]);
    expect(partitionLags(ends, [])).toEqual([{ partition: 2, lag: 25 }]);
  });

  it('never reports a negative lag when the high watermark was read before the commit', () => {
    expect(partitionLags([{ partition: 0, high: '10', low: '0' }], [{ partition: 0, offset: '12' }])).toEqual([
      { partition: 0, lag: 0 },
    ]);
  });
});
