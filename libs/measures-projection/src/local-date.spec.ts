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

  it('refuses rather than write a date PostgreSQL cannot read', () => {
    // en-CA would write year 50 as "50-06-01": PostgreSQL answers 22008 "date/time field value out of range".
    expect(() => localDate('0050-06-01T12:00:00Z')).toThrow(RangeError);
    expect(() => localDate('0999-01-01T00:00:00Z')).toThrow(RangeError);
    expect(localDate('1970-01-01T00:00:00Z', 'America/New_York')).toBe('1969-12-31');
  });
});
