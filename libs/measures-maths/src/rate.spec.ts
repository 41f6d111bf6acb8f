import { rate } from './rate';

describe('rate', () => {
  it('divides the numerator by the denominator', () => {
    expect(rate(3, 4)).toBe(0.75);
    expect(rate(1, 3)).toBeCloseTo(0.3333333333, 10);
    expect(rate(0, 5)).toBe(0);
  });

  it('keeps floating-point noise out of the way of the answer', () => {
    expect(rate(0.1 + 0.2, 3)).toBeCloseTo(0.1, 12);
  });

  it('is undefined when the denominator is 0, whatever the numerator', () => {
    expect(rate(3, 0)).toBeUndefined();
    expect(rate(0, 0)).toBeUndefined();
  });

  it('refuses non-finite inputs', () => {
    expect(() => rate(NaN, 1)).toThrow(RangeError);
    expect(() => rate(1, Infinity)).toThrow(RangeError);
  });
});
