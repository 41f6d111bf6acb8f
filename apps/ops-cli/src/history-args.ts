import type { JourneyRunScope } from '@waymark/journey-client';
import { noneLeft, parse, parseDate, UsageError } from './arg-parsing';

/** Commands that read journey workflows' histories from Temporal, over the same choice of runs. */
export type HistoryCommand =
  | ({ name: 'workflows replay-check' } & HistoryOptions)
  | ({ name: 'payload-keys usage' } & HistoryOptions);

export interface HistoryOptions {
  scope: JourneyRunScope;
  /** At most this many runs. */
  limit?: number;
  /** One JSON document on stdout instead of the text. */
  json: boolean;
}

const ACTIONS = { workflows: 'replay-check', 'payload-keys': 'usage' } as const;

export const parseHistoryCommand =
  (group: keyof typeof ACTIONS) =>
  (action: string, rest: string[]): HistoryCommand | { name: 'help' } => {
    if (action !== ACTIONS[group]) throw new UsageError(`unknown subcommand "${group} ${action}"`);
    const { values, positionals } = parse(rest, {
      query: { type: 'string' },
      since: { type: 'string' },
      all: { type: 'boolean' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    });
    if (values.help) return { name: 'help' };
    noneLeft(positionals);
    const chosen = (['query', 'since', 'all'] as const).filter((option) => values[option] !== undefined);
    if (chosen.length > 1) throw new UsageError(`--${chosen[0]} and --${chosen[1]} cannot go together`);
    const scope = scopeOf(values);
    const limit = values.limit === undefined ? undefined : Number(values.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) {
      throw new UsageError('--limit must be a whole number, 1 or more');
    }
    return {
      name: `${group} ${ACTIONS[group]}` as HistoryCommand['name'],
      scope,
      ...(limit === undefined ? {} : { limit }),
      json: values.json === true,
    };
  };

function scopeOf(values: { query?: string; since?: string; all?: boolean }): JourneyRunScope {
  if (values.query !== undefined) {
    if (values.query.trim() === '') throw new UsageError('--query must be a visibility filter, not empty');
    return { kind: 'query', query: values.query };
  }
  if (values.since !== undefined) return { kind: 'since', since: parseDate('since', values.since) };
  return values.all ? { kind: 'all' } : { kind: 'running' };
}
