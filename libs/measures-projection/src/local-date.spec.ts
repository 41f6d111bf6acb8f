import { checkTimeZone, localDate } from './local-date';

describe('localDate', () => {
  it('is the calendar date where the service runs, across summer time', () => {
    expect(localDate('2026-01-15T23:30:00Z')).toBe('2026-01-15'); // GMT
    expect(localDate('2026-07-15T23:30:00Z')).toBe('2026-07-16'); // BST
    expect(localDate('2026-07-15T23:30:00+01:00')).toBe('2026-07-15');
  });

  it('follows the configured zone', () => {
    expect(localDate('2026-07-15T23:30:00Z', 'UTC')).toBe('2026-07-15');
    expect(() => checkTimeZone('Mars/Olympus')).toThrow(RangeError);
  });
});
