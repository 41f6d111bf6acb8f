import { isHelp, noneLeft, Options, parse, parseDate, UsageError } from './arg-parsing';
import { HistoryCommand, parseHistoryCommand } from './history-args';

import { parsePilot, PilotCommand } from './pilot/pilot-args';

export { UsageError } from './arg-parsing';

/** Whose keys: journey-api's callers (`wmk_…`, provider_api) or measures-service's and the dashboard's (`wmc_…`). */
export type KeyHolders = 'providers' | 'commissioners';

/** `<holders> keys issue|revoke|list`. `deprecation`: the warning an old spelling of the command gets. */
export type KeysCommand = { holders: KeyHolders; deprecation?: string } & (
  | { name: 'keys issue'; ownerId: string; label?: string }
  | { name: 'keys revoke'; keyId: string }
  | { name: 'keys list'; ownerId?: string }
);

export type RatesCommand = { name: 'rates set'; providerId: string; hourlyRate: string } | { name: 'rates list' };

export type MeasuresCommand = { name: 'measures rebuild'; progressEveryMs: number };

export type DeadLettersCommand = { name: 'dead-letters list' } | { name: 'dead-letters replay'; check: boolean };

export interface JourneysCommand {
  name: 'journeys repair';
  /** List what is behind and exit non-zero if anything is; republish nothing. */
  check: boolean;
  /** Only journeys still running or closed since then. */
  since?: Date;
  /** Only these journeys (none: every journey). */
  journeyIds: string[];
  /** Events published this recently are on their way, not missing. */
  graceMs: number;
  concurrency: number;
}

export type Command =
  | { name: 'help' }
  | KeysCommand
  | RatesCommand
  | MeasuresCommand
  | DeadLettersCommand
  | JourneysCommand
  | HistoryCommand
  | PilotCommand;

export type CommandGroup =
  | 'keys'
  | 'rates'
  | 'measures'
  | 'dead-letters'
  | 'journeys'
  | 'workflows'
  | 'payload-keys'
  | 'pilot';

export function isIn<G extends CommandGroup>(
  command: Command,
  group: G,
): command is Extract<Command, { name: `${G} ${string}` }> {
  return command.name.startsWith(`${group} `);
}

export const USAGE = `Usage:
  ops-cli providers keys issue <providerId> [--label <text>]    issue an API key for a provider (shown once)
  ops-cli providers keys revoke <keyId>                         revoke a provider's key
  ops-cli providers keys list [<providerId>]                    list providers' keys, never their secrets
  ops-cli commissioners keys issue <commissionerId> [--label <text>]
                                                                issue an API key for a commissioner (shown once)
  ops-cli commissioners keys revoke <keyId>                     revoke a commissioner's key
  ops-cli commissioners keys list [<commissionerId>]            list commissioners' keys, never their secrets
  ops-cli rates set <providerId> <hourlyRate>                   set a provider's hourly cost rate in GBP, e.g. 42.50
  ops-cli rates list                                            list providers' hourly cost rates
  ops-cli measures rebuild [--progress-every <seconds>]         empty the projections and replay the journey events
                                                                (stop measures-service first)
  ops-cli dead-letters list                                     measures-service's dead-lettered journey events, why
                                                                each was set aside, and whether it was replayed
  ops-cli dead-letters replay [--check]                         after a fix, republish those not yet replayed to the
                                                                journey events (--check: only say what it would do)
  ops-cli journeys repair [--check] [--since <date>] [--journey <id>]... [--grace <seconds>] [--concurrency <n>]
                                                                find journeys whose projection is behind what their
                                                                workflow published; without --check, republish it
  ops-cli workflows replay-check [--query <filter> | --since <date> | --all] [--limit <n>] [--json]
                                                                replay journey workflows' live histories with this
                                                                build's workflow code; exit 2 if any fails (run it
                                                                before a rollout, with the new image)
  ops-cli payload-keys usage [--query <filter> | --since <date> | --all] [--limit <n>] [--json]
                                                                which payload key ids the journeys' histories use, and
                                                                which journeys the key ring cannot read (exit 2 if any)
                 Which runs: running ones unless --since (also those closed since), --all (every run Temporal
                 holds) or --query (a visibility filter, within journey workflows) says otherwise.
  ops-cli pilot simulate [--seed <text>] [--people <n>] [--from <date> | --months <n>] [--to <date>]
                 [--design assess-and-refer|local-by-default | --switch-at <date>] [--areas <code,...>]
                 [--api <url>] [--concurrency <n>] [--dry-run] [--record <file>]
                                                                set up the pilot's providers (keys, rates) and send a
                                                                simulated year of journeys through journey-api; prints
                                                                each design's figures and a commissioner key
                                                                (--record: keep the pilot's options in the file; a
                                                                rerun plans the same pilot, and sends nothing once it
                                                                was sent in full)

Needs DATABASE_URL (postgres://...), the database the services use. "providers" work on journey-api's provider_api
schema, "commissioners" on measures-service's commissioner_access schema, "rates" and "measures" on measures-service's
projections; each brings its schema up to date first. "measures rebuild" also needs KAFKA_BROKERS, and reads
MEASURES_CONSUMER_GROUP and MEASURES_TIME_ZONE as measures-service does. "dead-letters" needs only KAFKA_BROKERS
and reads MEASURES_CONSUMER_GROUP. "journeys repair" also needs KAFKA_BROKERS, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE
and the payload keys (WAYMARK_PAYLOAD_KEYS, WAYMARK_PAYLOAD_ACTIVE_KEY). "workflows" and "payload-keys" need only
TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and the payload keys ("workflows replay-check" replays the workflow bundle beside
main.js, or WORKFLOW_BUNDLE_PATH). "pilot simulate" needs DATABASE_URL (but not
with --dry-run) and journey-api at --api (default http://127.0.0.1:3000).

Until the next release the old spellings still work, with a warning: "keys issue --provider <id>", "keys list
[--provider <id>]", "keys revoke <keyId>", "commissioners issue|list|revoke ...".`;

const providerOption = { provider: { type: 'string' } } as const satisfies Options;
const labelOption = { label: { type: 'string' } } as const satisfies Options;
const KEY_VERBS = 'issue, revoke or list';

export function parseCommand(argv: string[]): Command {
  const [group, action, ...rest] = argv;
  if (group === undefined || isHelp(group)) return { name: 'help' };
  const parsers: Record<string, [subcommands: string, parse: (action: string, rest: string[]) => Command]> = {
    providers: ['keys', (action, rest) => parseHolderKeys('providers', action, rest)],
    commissioners: ['keys', parseCommissioners],
    keys: [KEY_VERBS, parseOldProviderKeys],
    rates: ['set or list', parseRates],
    measures: ['rebuild', parseMeasures],
    'dead-letters': ['list or replay', parseDeadLetters],
    journeys: ['repair', parseJourneys],
    workflows: ['replay-check', parseHistoryCommand('workflows')],
    'payload-keys': ['usage', parseHistoryCommand('payload-keys')],
    pilot: ['simulate', parsePilot],
  };
  if (!Object.hasOwn(parsers, group)) throw new UsageError(`unknown command "${group}"`);
  const [subcommands, parseGroup] = parsers[group];
  if (action === undefined) throw new UsageError(`"${group}" needs a subcommand: ${subcommands}`);
  if (isHelp(action)) return { name: 'help' };
  return parseGroup(action, rest);
}

function parseRates(action: string, rest: string[]): Command {
  const { values, positionals } = parse(rest, {});
  if (values.help) return { name: 'help' };
  switch (action) {
    case 'set': {
      const [providerId, hourlyRate, ...extra] = positionals;
      if (providerId === undefined || hourlyRate === undefined) {
        throw new UsageError('"rates set" needs the provider id and the hourly rate');
      }
      noneLeft(extra);
      return { name: 'rates set', providerId, hourlyRate };
    }
    case 'list':
      noneLeft(positionals);
      return { name: 'rates list' };
    default:
      throw new UsageError(`unknown subcommand "rates ${action}"`);
  }
}

function parseMeasures(action: string, rest: string[]): Command {
  if (action !== 'rebuild') throw new UsageError(`unknown subcommand "measures ${action}"`);
  const { values, positionals } = parse(rest, { 'progress-every': { type: 'string' } });
  if (values.help) return { name: 'help' };
  noneLeft(positionals);
  const seconds = Number(values['progress-every'] ?? 2);
  if (!(seconds > 0)) throw new UsageError('--progress-every must be a number of seconds above 0');
  return { name: 'measures rebuild', progressEveryMs: seconds * 1000 };
}

function parseDeadLetters(action: string, rest: string[]): Command {
  switch (action) {
    case 'list': {
      const { values, positionals } = parse(rest, {});
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      return { name: 'dead-letters list' };
    }
    case 'replay': {
      const { values, positionals } = parse(rest, { check: { type: 'boolean' } });
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      return { name: 'dead-letters replay', check: values.check === true };
    }
    default:
      throw new UsageError(`unknown subcommand "dead-letters ${action}"`);
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function parseJourneys(action: string, rest: string[]): Command {
  if (action !== 'repair') throw new UsageError(`unknown subcommand "journeys ${action}"`);
  const { values, positionals } = parse(rest, {
    check: { type: 'boolean' },
    since: { type: 'string' },
    journey: { type: 'string', multiple: true },
    grace: { type: 'string' },
    concurrency: { type: 'string' },
  });
  if (values.help) return { name: 'help' };
  noneLeft(positionals);
  const journeyIds = values.journey ?? [];
  const badId = journeyIds.find((id) => !UUID.test(id));
  if (badId !== undefined) throw new UsageError(`--journey must be a journey id (a UUID), not "${badId}"`);
  const since = values.since === undefined ? undefined : parseDate('since', values.since);
  const grace = Number(values.grace ?? 120);
  if (!(grace >= 0)) throw new UsageError('--grace must be a number of seconds, 0 or more');
  const concurrency = Number(values.concurrency ?? 8);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UsageError('--concurrency must be a whole number from 1 to 64');
  }
  return {
    name: 'journeys repair',
    check: values.check ?? false,
    ...(since ? { since } : {}),
    journeyIds,
    graceMs: grace * 1000,
    concurrency,
  };
}

const HOLDER = { providers: 'provider', commissioners: 'commissioner' } as const;

/** `<holders> keys <verb> ...`: `action` is what follows the holders, which must be `keys`. */
function parseHolderKeys(holders: KeyHolders, action: string, rest: string[]): Command {
  if (action !== 'keys') throw new UsageError(`unknown subcommand "${holders} ${action}"`);
  const [verb, ...args] = rest;
  if (verb === undefined) throw new UsageError(`"${holders} keys" needs a subcommand: ${KEY_VERBS}`);
  if (isHelp(verb)) return { name: 'help' };
  return parseKeyVerb(holders, verb, args) ?? { name: 'help' };
}

/** The key commands, the same for every holder; null when help was asked for. */
function parseKeyVerb(holders: KeyHolders, verb: string, args: string[]): KeysCommand | null {
  const command = `${holders} keys ${verb}`;
  switch (verb) {
    case 'issue': {
      const { values, positionals } = parse(args, labelOption);
      if (values.help) return null;
      const [ownerId, ...extra] = positionals;
      if (ownerId === undefined) throw new UsageError(`"${command}" needs the ${HOLDER[holders]} id`);
      noneLeft(extra);
      const { label } = values;
      return { name: 'keys issue', holders, ownerId, ...(label === undefined ? {} : { label }) };
    }
    case 'revoke': {
      const { values, positionals } = parse(args, {});
      if (values.help) return null;
      const [keyId, ...extra] = positionals;
      if (keyId === undefined) throw new UsageError(`"${command}" needs the key id`);
      noneLeft(extra);
      return { name: 'keys revoke', holders, keyId };
    }
    case 'list': {
      const { values, positionals } = parse(args, {});
      if (values.help) return null;
      const [ownerId, ...extra] = positionals;
      noneLeft(extra);
      return { name: 'keys list', holders, ...(ownerId === undefined ? {} : { ownerId }) };
    }
    default:
      throw new UsageError(`unknown subcommand "${command}"`);
  }
}

const deprecation = (old: string, now: string) =>
  `warning: "ops-cli ${old}" is deprecated and goes in the next release; use "ops-cli ${now}"`;

/** `commissioners keys ...`, or the deprecated `commissioners issue|revoke|list ...`. */
function parseCommissioners(action: string, rest: string[]): Command {
  if (action === 'keys') return parseHolderKeys('commissioners', action, rest);
  if (!['issue', 'revoke', 'list'].includes(action)) {
    throw new UsageError(`unknown subcommand "commissioners ${action}"`);
  }
  const command = parseKeyVerb('commissioners', action, rest);
  if (command === null) return { name: 'help' };
  return { ...command, deprecation: deprecation(`commissioners ${action}`, `commissioners keys ${action}`) };
}

/** The deprecated `keys issue --provider <id>`, `keys list [--provider <id>]` and `keys revoke <keyId>`. */
function parseOldProviderKeys(action: string, rest: string[]): Command {
  const warned = (command: KeysCommand, old: string, now: string): KeysCommand => ({
    ...command,
    deprecation: deprecation(old, now),
  });
  switch (action) {
    case 'issue': {
      const { values, positionals } = parse(rest, { ...providerOption, ...labelOption });
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      if (values.provider === undefined) throw new UsageError('"keys issue" needs --provider <id>');
      const { provider: ownerId, label } = values;
      const command: KeysCommand = {
        name: 'keys issue',
        holders: 'providers',
        ownerId,
        ...(label === undefined ? {} : { label }),
      };
      return warned(command, 'keys issue --provider <id>', 'providers keys issue <id>');
    }
    case 'revoke': {
      const command = parseKeyVerb('providers', 'revoke', rest);
      return command === null ? { name: 'help' } : warned(command, 'keys revoke', 'providers keys revoke');
    }
    case 'list': {
      const { values, positionals } = parse(rest, providerOption);
      if (values.help) return { name: 'help' };
      noneLeft(positionals);
      const { provider: ownerId } = values;
      const command: KeysCommand = {
        name: 'keys list',
        holders: 'providers',
        ...(ownerId === undefined ? {} : { ownerId }),
      };
      return warned(command, 'keys list [--provider <id>]', 'providers keys list [<id>]');
    }
    default:
      throw new UsageError(`unknown subcommand "keys ${action}"`);
  }
}
