import { DEFAULT_AREAS, DESIGNS, DesignName, DesignSchedule, PilotOptions } from '@waymark/pilot-simulation';
import { noneLeft, parse, UsageError } from '../arg-parsing';

export interface PilotCommand {
  name: 'pilot simulate';
  options: PilotOptions;
  /** journey-api's base URL. */
  api: string;
  /** Journeys sent at once (each journey's commands in order). */
  concurrency: number;
  /** Plan and summarise only: no database, no API. */
  dryRun: boolean;
  /** `--record FILE`: the pilot the stack holds, kept between runs (pilot-record.ts). */
  record?: string;
  /** Whether any option that shapes the pilot was given, rather than all defaulted. */
  optionsGiven: boolean;
}

/** The flags that shape the pilot (the others say how to send it). */
const PILOT_FLAGS = ['seed', 'people', 'from', 'to', 'months', 'design', 'switch-at', 'areas'] as const;

/**
 * The default size: 140 s of sending on a quiet 2-core machine running the whole stack, 340 s on a busy one
 * (docs/benchmarks.md, "Pilot simulator"); enough for monthly figures for the whole pilot and an end-to-end-time
 * chart by closure group before and after the switch. Figures by provider need more people.
 */
export const DEFAULT_PEOPLE = 400;
export const DEFAULT_API = 'http://127.0.0.1:3000';
const DAY_MS = 86_400_000;

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `pilot simulate [--seed] [--people] [--from|--months] [--to] [--design|--switch-at] [--areas] [--api]
 * [--concurrency] [--dry-run] [--record FILE]`. Without dates: from the first day of the month a year ago up to
 * yesterday (UTC).
 * Without a design: assess and refer on until the first day of the month nearest the period's middle, local by
 * default from then on.
 */
export function parsePilot(action: string, rest: string[], today = new Date()): PilotCommand | { name: 'help' } {
  if (action !== 'simulate') throw new UsageError(`unknown subcommand "pilot ${action}"`);
  const { values, positionals } = parse(rest, {
    seed: { type: 'string' },
    people: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    months: { type: 'string' },
    design: { type: 'string' },
    'switch-at': { type: 'string' },
    areas: { type: 'string' },
    api: { type: 'string' },
    concurrency: { type: 'string' },
    'dry-run': { type: 'boolean' },
    record: { type: 'string' },
  });
  if (values.help) return { name: 'help' };
  noneLeft(positionals);

  const yesterday = isoDay(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) - DAY_MS);
  const to = date('--to', values.to) ?? yesterday;
  if (to > yesterday)
    throw new UsageError(`--to must be before today (${isoDay(today.getTime())}): nothing is dated in the future`);
  if (values.from !== undefined && values.months !== undefined) {
    throw new UsageError('give --from or --months, not both');
  }
  const months = wholeNumber('--months', values.months ?? '12', 1, 60);
  const from = date('--from', values.from) ?? monthsBefore(to, months);

  const people = wholeNumber('--people', values.people ?? String(DEFAULT_PEOPLE), 1, 100_000);
  const concurrency = wholeNumber('--concurrency', values.concurrency ?? '16', 1, 64);
  const api = values.api ?? DEFAULT_API;
  if (!/^https?:\/\/[^/]+/.test(api)) throw new UsageError('--api must be an http(s) URL, e.g. http://127.0.0.1:3000');

  return {
    name: 'pilot simulate',
    options: {
      seed: values.seed ?? '1',
      people,
      from,
      to,
      schedule: schedule(values.design, date('--switch-at', values['switch-at']), from, to),
      areas: values.areas === undefined ? DEFAULT_AREAS : values.areas.split(',').map((a) => a.trim()),
    },
    api: api.replace(/\/+$/, ''),
    concurrency,
    dryRun: values['dry-run'] ?? false,
    ...(values.record === undefined ? {} : { record: values.record }),
    optionsGiven: PILOT_FLAGS.some((flag) => values[flag] !== undefined),
  };
}

function schedule(design: string | undefined, switchAt: string | undefined, from: string, to: string): DesignSchedule {
  if (design !== undefined && switchAt !== undefined) {
    throw new UsageError(
      'give --design (one design throughout) or --switch-at (assess-and-refer, then local-by-default), not both',
    );
  }
  if (design !== undefined) {
    if (!(DESIGNS as readonly string[]).includes(design))
      throw new UsageError(`--design must be ${DESIGNS.join(' or ')}`);
    return { design: design as DesignName };
  }
  return { switchAt: switchAt ?? middleMonth(from, to) };
}

/** The first day of the month nearest the middle of the period (in a period too short for one, the middle). */
function middleMonth(from: string, to: string): string {
  const middle = new Date((Date.parse(from) + Date.parse(to) + DAY_MS) / 2);
  const first = isoDay(Date.UTC(middle.getUTCFullYear(), middle.getUTCMonth() + (middle.getUTCDate() > 15 ? 1 : 0), 1));
  return first > from && first <= to ? first : isoDay(middle.getTime());
}

/** The first day of the month `months` before the day after `to`: twelve months up to 2026-11-30 or 2026-12-02 start
 *  on 2025-12-01, so the first month is a whole one. */
function monthsBefore(to: string, months: number): string {
  const end = new Date(Date.parse(to) + DAY_MS);
  return isoDay(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - months, 1));
}

function date(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (!DATE.test(value) || Number.isNaN(ms) || isoDay(ms) !== value) {
    throw new UsageError(`${flag} must be a date (YYYY-MM-DD), not "${value}"`);
  }
  return value;
}

function wholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  }
  return n;
}
