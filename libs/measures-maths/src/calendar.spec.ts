import {
  addDays,
  checkTimeZone,
  DAY_MS,
  endOf,
  isoWeekMonday,
  isoWeekOf,
  localDate,
  nextStart,
  periodsBetween,
  startOf,
} from './calendar';

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

describe('weeks and months', () => {
  it('puts a Sunday in the week that began the Monday before, and a leap day in its month', () => {
    expect(startOf('2026-03-08', 'week')).toBe('2026-03-02');
    expect(endOf('2026-03-02', 'week')).toBe('2026-03-08');
    expect(startOf('2024-02-29', 'month')).toBe('2024-02-01');
    expect(endOf('2024-02-01', 'month')).toBe('2024-02-29');
  });

  it('steps over month and year ends, and counts days across a clock change as whole days', () => {
    expect(nextStart('2025-12-01', 'month')).toBe('2026-01-01');
    expect(nextStart('2025-12-29', 'week')).toBe('2026-01-05');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // the UK clocks go forward on the 29th
    expect(DAY_MS).toBe(86_400_000);
  });

  it('lists ISO weeks clipped to the range, empty ones included', () => {
    // 2026-03-04 is a Wednesday; 2026-03-16 a Monday.
    expect(periodsBetween('2026-03-04', '2026-03-16', 'week')).toEqual([
      { bucket: '2026-03-02', start: '2026-03-04', end: '2026-03-08' },
      { bucket: '2026-03-09', start: '2026-03-09', end: '2026-03-15' },
      { bucket: '2026-03-16', start: '2026-03-16', end: '2026-03-16' },
    ]);
  });

  it('lists calendar months across a year end', () => {
    expect(periodsBetween('2025-12-15', '2026-02-28', 'month')).toEqual([
      { bucket: '2025-12-01', start: '2025-12-15', end: '2025-12-31' },
      { bucket: '2026-01-01', start: '2026-01-01', end: '2026-01-31' },
      { bucket: '2026-02-01', start: '2026-02-01', end: '2026-02-28' },
    ]);
  });

  it('names ISO weeks by the year of their Thursday', () => {
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01'); // a Thursday
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53'); // a Friday: the week belongs to 2026
    expect(isoWeekMonday(2026, 53)).toBe('2026-12-28');
    expect(isoWeekMonday(2025, 53)).toBeUndefined();
  });
});
