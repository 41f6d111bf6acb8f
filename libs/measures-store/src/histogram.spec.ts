import { addHistograms, locate, population } from './histogram';

describe('locate', () => {
  // Sorted values: [b3, b3, b5, b8, b8, b8]
  const histogram = { buckets: [3, 5, 8], counts: [2, 1, 3] };

  it.each([
    [0, 3, 0, 2],
    [1, 3, 1, 2],
    [2, 5, 0, 1],
    [3, 8, 0, 3],
    [5, 8, 2, 3],
  ])('finds rank %i in bucket %i at offset %i (of %i)', (rank, bucket, offset, count) => {
    expect(locate(histogram, rank)).toEqual({ bucket, offset, count });
  });

  it('skips empty buckets', () => {
    expect(locate({ buckets: [1, 2, 3], counts: [1, 0, 1] }, 1)).toEqual({ bucket: 3, offset: 0, count: 1 });
  });

  it('refuses a rank past the last value', () => {
    expect(() => locate(histogram, 6)).toThrow(RangeError);
  });

  it('counts the values', () => {
    expect(population(histogram)).toBe(6);
    expect(population({ buckets: [], counts: [] })).toBe(0);
  });
});

describe('addHistograms', () => {
  it('adds bucket by bucket, in bucket order, leaving out buckets that come to nothing', () => {
    const added = addHistograms([
      { buckets: [-1, 4], counts: [1, 2] },
      { buckets: [2, 4, 9], counts: [3, -2, 1] },
    ]);
    expect(added).toEqual({ buckets: [-1, 2, 9], counts: [1, 3, 1] });
  });

  it('drops empty buckets from a single histogram', () => {
    expect(addHistograms([{ buckets: [1, 2], counts: [0, 5] }])).toEqual({ buckets: [2], counts: [5] });
  });
});
