import { journeyIdOf, journeyRunsQuery } from '@waymark/journey-client';
import { payloadKeyIdsOf, PayloadKeyUsage, type KeyUsageRow, type PlainPayloads } from '@waymark/payload-codec';
import type { HistoriesOptions, ListedHistory, RunProblem } from '@waymark/temporal';
import type { HistoryCommand } from './history-args';
import { alignedTable, Output, secondsSince, throttledProgress } from './output';

/** Some journey has payloads the key ring cannot read, or some run could not be read. */
export const EX_UNREADABLE = 2;

export interface KeyUsageDeps {
  histories(options: HistoriesOptions): AsyncIterable<ListedHistory>;
  /** The key ring's ids only: the keys themselves are never needed to read a payload's key id. */
  ring: { activeKeyId: string; keyIds: string[]; plain: PlainPayloads };
  now?: () => number;
}

/**
 * `payload-keys usage`: which key ids the chosen journey runs' payloads were encrypted with, from each payload's clear
 * metadata (nothing is decrypted or printed but ids and counts), so ops know when a retired key may leave the ring.
 */
export async function runKeyUsage(
  command: Extract<HistoryCommand, { name: 'payload-keys usage' }>,
  deps: KeyUsageDeps,
  output: Output,
): Promise<number> {
  const now = deps.now ?? Date.now;
  const started = now();
  const query = journeyRunsQuery(command.scope);
  output.err(`reading the payload key ids of journey runs matching: ${query}`);
  const progress = throttledProgress(output, now);
  const usage = new PayloadKeyUsage();
  const journeys = new Set<string>();
  const unreadable: RunProblem[] = [];
  let runs = 0;
  for await (const listed of deps.histories({ query, ...(command.limit ? { limit: command.limit } : {}) })) {
    const { workflowId, runId } = listed;
    if ('unreadable' in listed) unreadable.push({ workflowId, runId, message: listed.unreadable });
    else {
      usage.add(journeyIdOf(workflowId), await payloadKeyIdsOf(listed.history));
      journeys.add(journeyIdOf(workflowId));
      runs++;
    }
    progress(() => `read ${runs} runs`);
  }
  const rows = usage.report(deps.ring);
  const blocking = rows.filter((row) => cannotRead(row, deps.ring.plain));
  const ok = blocking.length === 0 && unreadable.length === 0;
  const seconds = secondsSince(started, now());
  if (command.json) {
    output.out(
      JSON.stringify({
        query,
        runs,
        journeys: journeys.size,
        keys: rows.map(({ unreadableBy, ...row }) => ({
          ...row,
          ...(unreadableBy ? { journeyIds: unreadableBy } : {}),
        })),
        unreadable: unreadable.map((p) => ({ journeyId: journeyIdOf(p.workflowId), ...p })),
        seconds: +seconds.toFixed(3),
        ok,
      }),
    );
    return ok ? 0 : EX_UNREADABLE;
  }
  output.out(`query: ${query}`);
  output.out(
    `read ${runs} runs of ${journeys.size} journeys in ${seconds.toFixed(1)} s` +
      (unreadable.length > 0 ? ` (${unreadable.length} runs could not be read)` : ''),
  );
  alignedTable([
    ['KEY ID', 'KEY RING', 'PAYLOADS', 'JOURNEYS'],
    ...rows.map((row) => [row.keyId, row.standing, String(row.payloads), String(row.owners)]),
  ]).forEach((line) => output.out(line));
  const unused = rows.filter((row) => row.standing === 'listed' && row.payloads === 0).map((row) => row.keyId);
  if (unused.length > 0) {
    output.out(
      command.scope.kind === 'all' && !command.limit
        ? `no run Temporal holds uses ${unused.join(', ')}: may be removed from the key ring`
        : `no run of these uses ${unused.join(', ')}; before removing one, check every run Temporal holds (--all)`,
    );
  }
  const cannot = blocking.flatMap((row) => (row.unreadableBy ?? []).map((journeyId) => [row.keyId, journeyId]));
  if (cannot.length > 0) {
    output.out('journeys with payloads this key ring cannot read (their workflow tasks fail until it can):');
    alignedTable([['KEY ID', 'JOURNEY'], ...cannot]).forEach((line) => output.out(line));
  }
  unreadable.forEach((p) => output.err(`could not read ${p.workflowId} run ${p.runId}: ${p.message}`));
  return ok ? 0 : EX_UNREADABLE;
}

/** Keys not in the ring, bad labels, and unencrypted payloads unless the ring accepts them. */
function cannotRead(row: KeyUsageRow, plain: PlainPayloads): boolean {
  if (row.payloads === 0) return false;
  if (row.standing === 'unencrypted') return plain === 'refuse';
  return row.standing === 'not listed' || row.standing === 'no valid key id';
}
