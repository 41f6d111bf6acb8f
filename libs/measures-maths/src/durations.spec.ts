import { daysBetween } from './durations';

describe('daysBetween', () => {
  it('measures whole and fractional days between UTC instants', () => {
    expect(daysBetween('2024-01-01T00:00:00Z', '2024-01-11T00:00:00Z')).toBe(10);
    expect(daysBetween('2024-01-01T00:00:00Z', '2024-01-01T06:00:00Z')).toBe(0.25);
    expect(daysBetween('2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z')).toBe(0);
  });

  it('is unaffected by a local clock change, because the instants are UTC', () => {
    // UK clocks went forward on 31 March 2024; in UTC it is still 2.5 days of 24 hours.
    expect(daysBetween('2024-03-30T12:00:00Z', '2024-04-02T00:00:00Z')).toBe(2.5);
  });

  it('counts the leap day', () => {
    expect(daysBetween('2024-02-28T00:00:00Z', '2024-03-01T00:00:00Z')).toBe(2);
  });

  it('honours explicit offsets', () => {
    // 00:00+01:00 is 23:00Z the day before: one hour earlier than 00:00Z.
    expect(daysBetween('2024-01-01T00:00:00+01:00', '2024-01-01T00:00:00Z')).toBeCloseTo(1 / 24, 12);
  });

  it('is negative when the end is before the start', () => {
    expect(daysBetween('2024-01-03T00:00:00Z', '2024-01-01T12:00:00Z')).toBe(-1.5);
  });

  it.each(['2024-01-01T00:00:00', '2024-01-01', 'yesterday', ''])(
    'refuses %p (no offset, or not an instant)',
    (iso) => {
      expect(() => daysBetween(iso, '2024-01-02T00:00:00Z')).toThrow(RangeError);
      expect(() => daysBetween('2024-01-02T00:00:00Z', iso)).toThrow(RangeError);
    },
  );
});
