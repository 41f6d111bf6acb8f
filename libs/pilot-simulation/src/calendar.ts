import type { Random } from './random';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;

/** Midnight UTC of a calendar date (YYYY-MM-DD), in milliseconds since the epoch. */
export function dayStart(date: string): number {
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) {
    throw new Error(`not a calendar date: ${date}`);
  }
  return ms;
}

export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Monday to Friday: a Saturday or Sunday moves on to the Monday. */
function weekday(dayMs: number): number {
  const day = new Date(dayMs).getUTCDay();
  return day === 6 ? dayMs + 2 * DAY_MS : day === 0 ? dayMs + DAY_MS : dayMs;
}

/**
 * A working moment on the day of `dayMs` or the first weekday after: 08:00–17:00 UTC (09:00–18:00 in summer in
 * London), whole minutes, so that no record falls on another local day than its UTC one.
 */
export function workingMoment(dayMs: number, rng: Random): number {
  const day = weekday(Math.floor(dayMs / DAY_MS) * DAY_MS);
  return day + 8 * 60 * MINUTE_MS + rng.int([0, 9 * 60 - 1]) * MINUTE_MS;
}

/**
 * `days` after `t`: under a day means later the same day (a few minutes to two hours); otherwise a working moment
 * that many days on. Always strictly after `t`.
 */
export function later(t: number, days: number, rng: Random): number {
  if (days < 1) return t + rng.int([5, 120]) * MINUTE_MS;
  return Math.max(workingMoment(t + Math.floor(days) * DAY_MS, rng), t + MINUTE_MS);
}
