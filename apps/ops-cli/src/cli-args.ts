import { parseArgs, ParseArgsConfig } from 'node:util';

export type Command =
  | { name: 'help' }
  | { name: 'keys issue'; providerId: string; label?: string }
  | { name: 'keys revoke'; keyId: string }
  | { name: 'keys list'; providerId?: string };

/** The command line is wrong: say why, then show the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  ops-cli keys issue --provider <id> [--label <text>]   issue an API key for a provider (shown once)
  ops-cli keys revoke <keyId>                          revoke a key
  ops-cli keys list [--provider <id>]                  list keys, never their secrets

Needs DATABASE_URL (postgres://...), journey-api's database; brings its provider_api schema up to date first.`;

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;
const providerOption = { provider: { type: 'string' } } as const satisfies Options;
const labelOption = { label: { type: 'string' } } as const satisfies Options;

export function parseCommand(argv: string[]): Command {
  const [group, action, ...rest] = argv;
  if (group === undefined || isHelp(group)) return { name: 'help' };
  if (group !== 'keys') throw new UsageError(`unknown command "${group}"`);
  if (action === undefined) throw new UsageError('"keys" needs a subcommand: issue, revoke or list');
  if (isHelp(action)) return { name: 'help' };

  switch (action) {
    case 'issue': {
      const { values, positionals } = parse(rest, { ...providerOption, ...labelOption });
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      if (values.provider === undefined) throw new UsageError('"keys issue" needs --provider <id>');
      const { provider: providerId, label } = values;
      return { name: 'keys issue', providerId, ...(label === undefined ? {} : { label }) };
    }
    case 'revoke': {
      const { values, positionals } = parse(rest, {});
      if (values.help) return { name: 'help' };
      const [keyId, ...extra] = positionals;
      if (keyId === undefined) throw new UsageError('"keys revoke" needs the key id');
      noneLeft(extra);
      return { name: 'keys revoke', keyId };
    }
    case 'list': {
      const { values, positionals } = parse(rest, providerOption);
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      return values.provider === undefined ? { name: 'keys list' } : { name: 'keys list', providerId: values.provider };
    }
    default:
      throw new UsageError(`unknown subcommand "keys ${action}"`);
  }
}

function isHelp(arg: string): boolean {
  return arg === 'help' || arg === '--help' || arg === '-h';
}

/** node:util's strict parsing, its errors (unknown option, missing value) turned into usage errors. */
function parse<O extends Options>(args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...options, ...help }, allowPositionals: true, strict: true });
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((error as Error).message);
    throw error;
  }
}

function noneLeft(positionals: string[]): void {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
}
