import { parseArgs, ParseArgsConfig } from 'node:util';

/** The command line is wrong: say why, then show the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;

export function isHelp(arg: string): boolean {
  return arg === 'help' || arg === '--help' || arg === '-h';
}

/** node:util's strict parsing, its errors (unknown option, missing value) turned into usage errors. */
export function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, ...help }, allowPositionals: true, strict: true });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

export function noneLeft(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}

/** A date option: YYYY-MM-DD (midnight UTC) or an ISO 8601 date and time. */
export function parseDate(option: string, value: string): Date {
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${option} must be a date (YYYY-MM-DD) or an ISO 8601 date and time`);
  }
  return date;
}
