import { parseArgs, ParseArgsConfig } from 'node:util';

export type KeysCommand =
  | { name: 'keys issue'; providerId: string; label?: string }
  | { name: 'keys revoke'; keyId: string }
  | { name: 'keys list'; providerId?: string };

export type CommissionersCommand =
  | { name: 'commissioners issue'; commissionerId: string; label?: string }
  | { name: 'commissioners revoke'; keyId: string }
  | { name: 'commissioners list'; commissionerId?: string };

export type Command = { name: 'help' } | KeysCommand | CommissionersCommand;

export function isKeysCommand(command: Command): command is KeysCommand {
  return command.name.startsWith('keys ');
}

/** The command line is wrong: say why, then show the usage. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const USAGE = `Usage:
  ops-cli keys issue --provider <id> [--label <text>]            issue an API key for a provider (shown once)
  ops-cli keys revoke <keyId>                                   revoke a provider's key
  ops-cli keys list [--provider <id>]                           list providers' keys, never their secrets
  ops-cli commissioners issue <commissionerId> [--label <text>]  issue an API key for a commissioner (shown once)
  ops-cli commissioners revoke <keyId>                          revoke a commissioner's key
  ops-cli commissioners list [<commissionerId>]                 list commissioners' keys, never their secrets

Needs DATABASE_URL (postgres://...), the database the services use. "keys" work on journey-api's provider_api
schema, "commissioners" on measures-service's commissioner_access schema; each brings its schema up to date first.`;

type Options = NonNullable<ParseArgsConfig['options']>;
const help = { help: { type: 'boolean', short: 'h' } } as const satisfies Options;
const providerOption = { provider: { type: 'string' } } as const satisfies Options;
const labelOption = { label: { type: 'string' } } as const satisfies Options;
const SUBCOMMANDS = 'issue, revoke or list';

export function parseCommand(argv: string[]): Command {
  const [group, action, ...rest] = argv;
  if (group === undefined || isHelp(group)) return { name: 'help' };
  if (group !== 'keys' && group !== 'commissioners') throw new UsageError(`unknown command "${group}"`);
  if (action === undefined) throw new UsageError(`"${group}" needs a subcommand: ${SUBCOMMANDS}`);
  if (isHelp(action)) return { name: 'help' };
  return group === 'keys' ? parseKeys(action, rest) : parseCommissioners(action, rest);
}

function parseKeys(action: string, rest: string[]): Command {
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
      const keyId = parseRevoke('keys', rest);
      return keyId === null ? { name: 'help' } : { name: 'keys revoke', keyId };
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

function parseCommissioners(action: string, rest: string[]): Command {
  switch (action) {
    case 'issue': {
      const { values, positionals } = parse(rest, labelOption);
      if (values.help) return { name: 'help' };
      const [commissionerId, ...extra] = positionals;
      if (commissionerId === undefined) throw new UsageError('"commissioners issue" needs the commissioner id');
      noneLeft(extra);
      const { label } = values;
      return { name: 'commissioners issue', commissionerId, ...(label === undefined ? {} : { label }) };
    }
    case 'revoke': {
      const keyId = parseRevoke('commissioners', rest);
      return keyId === null ? { name: 'help' } : { name: 'commissioners revoke', keyId };
    }
    case 'list': {
      const { values, positionals } = parse(rest, {});
      if (values.help) return { name: 'help' };
      const [commissionerId, ...extra] = positionals;
      noneLeft(extra);
      return commissionerId === undefined
        ? { name: 'commissioners list' }
        : { name: 'commissioners list', commissionerId };
    }
    default:
      throw new UsageError(`unknown subcommand "commissioners ${action}"`);
  }
}

/** `<group> revoke <keyId>`: the key id, or null when help was asked for. */
function parseRevoke(group: string, rest: string[]): string | null {
  const { values, positionals } = parse(rest, {});
  if (values.help) return null;
  const [keyId, ...extra] = positionals;
  if (keyId === undefined) throw new UsageError(`"${group} revoke" needs the key id`);
  noneLeft(extra);
  return keyId;
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
