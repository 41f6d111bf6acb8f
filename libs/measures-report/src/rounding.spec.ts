import { round } from './rounding';

describe('round', () => {
  it('rounds half away from zero on the printed decimal', () => {
    expect(round(1.005, 2)).toBe(1.01); // 1.005 is stored as 1.00499999999999989…
    expect(round(-1.005, 2)).toBe(-1.01);
    expect(round(0.00125, 4)).toBe(0.0013);
    expect(round(2 / 3, 4)).toBe(0.6667);
    expect(round(12, 2)).toBe(12);
  });

  it('copes with numbers JavaScript prints in exponent form', () => {
    expect(round(1e-7, 4)).toBe(0);
    expect(round(1.23456e21, 2)).toBe(1.23456e21);
  });
});
