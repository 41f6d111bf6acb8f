import { addHistograms, locate, population } from './histogram';

describe('locate', () => {
  // Sorted values: [b3, b3, b5, b8, b8, b8]
  const histogram = [
    { bucket: 3, count: 2 },
    { bucket: 5, count: 1 },
    { bucket: 8, count: 3 },
  ];

  it.each([
    [0, 3, 0],
    [1, 3, 1],
    [2, 5, 0],
    [3, 8, 0],
    [5, 8, 2],
  ])('finds rank %i in bucket %i at offset %i', (rank, bucket, offset) => {
    expect(locate(histogram, rank)).toEqual({ bucket, offset });
  });

  it('refuses a rank past the last value', () => {
    expect(() => locate(histogram, 6)).toThrow(RangeError);
  });

  it('counts the values', () => {
    expect(population(histogram)).toBe(6);
    expect(population([])).toBe(0);
  });
});

describe('addHistograms', () => {
  it('adds bucket by bucket, in bucket order, leaving out buckets that come to nothing', () => {
    expect(
      addHistograms([
        [
          { bucket: -1, count: 1 },
          { bucket: 4, count: 2 },
        ],
        [
          { bucket: 2, count: 3 },
          { bucket: 4, count: -2 },
          { bucket: 9, count: 1 },
        ],
      ]),
    ).toEqual([
      { bucket: -1, count: 1 },
      { bucket: 2, count: 3 },
      { bucket: 9, count: 1 },
    ]);
  });

  it('drops empty buckets from a single histogram', () => {
    expect(
      addHistograms([
        [
          { bucket: 1, count: 0 },
          { bucket: 2, count: 5 },
        ],
      ]),
    ).toEqual([{ bucket: 2, count: 5 }]);
  });
});
