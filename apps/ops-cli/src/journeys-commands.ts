import { kafkaConnection, temporalConnection } from '@waymark/config';
import type { JourneyEvent } from '@waymark/event-contracts';
import { JourneyHistory, type PublishedEvents } from '@waymark/journey-client';
import { createKafka, JourneyEventPublisher } from '@waymark/kafka';
import { ProjectionProgress, type JourneyProgress } from '@waymark/measures-store';
import { createLogger } from '@waymark/observability';
import { AesGcmPayloadCodec, payloadKeyRing } from '@waymark/payload-codec';
import { connectClient } from '@waymark/temporal';
import type { DataSource } from 'typeorm';
import type { JourneysCommand } from './cli-args';
import type { RepairConfig } from './config';
import { alignedTable, Output } from './output';

/** Some journey is behind (check), or could not be repaired in full (repair). */
export const EX_BEHIND = 2;

/** As the workflow's outbox: at most this many events in one publication. */
const PUBLISH_BATCH = 100;

export interface RepairDeps {
  history: Pick<JourneyHistory, 'journeyIds' | 'published' | 'retentionMs'>;
  progress: Pick<ProjectionProgress, 'of' | 'heldJourneyIds'>;
  /** Publishes one journey's events in order (the workflow's own publisher: same ids and seqs). */
  publish(events: JourneyEvent[]): Promise<void>;
  now?: () => number;
}

/** A journey whose projection has not applied everything its workflow published. */
interface Behind {
  journeyId: string;
  progress: JourneyProgress;
  /** null when Temporal holds no run of the journey any more. */
  publishedThrough: number | null;
  /** Published before the grace period, neither applied nor held: what a repair republishes. */
  missing: JourneyEvent[];
  /** Missing seqs only runs past the namespace's retention published (to: null, unknown how far). */
  unreadable: { from: number; to: number | null } | null;
  /** Its history could not be read (e.g. a payload key no longer in the key ring). */
  failed?: string;
}

const NOTHING_APPLIED: JourneyProgress = { lastSeq: 0, heldSeqs: [] };

/**
 * `journeys repair [--check]`: compares each journey's projection (last seq applied, seqs held behind a gap) with
 * what its workflow published (the publishing activity's completed inputs in its Temporal history), lists the
 * journeys that are behind, and without --check republishes what is missing with the same event ids and seqs.
 * Consumers dedupe, so a republished event that was only late changes nothing.
 */
export async function runJourneysCommand(command: JourneysCommand, deps: RepairDeps, output: Output): Promise<number> {
  const now = deps.now ?? Date.now;
  const started = now();
  const retentionMs = await deps.history.retentionMs();
  output.out(
    `namespace retention: ${retentionMs === null ? 'unknown' : duration(retentionMs)} ` +
      '(events published only by runs closed longer ago than that cannot be republished)',
  );
  const cutoff = started - command.graceMs;
  const behind: Behind[] = [];
  let checked = 0;
  let settling = 0;
  let reported = started;
  for await (const page of candidates(command, deps)) {
    const progress = await deps.progress.of(page);
    await inPool(page, command.concurrency, async (journeyId) => {
      const result = await check(journeyId, progress.get(journeyId) ?? NOTHING_APPLIED, deps, cutoff);
      checked++;
      if (result === 'settling') settling++;
      else if (result) behind.push(result);
    });
    if (now() - reported >= 10_000) {
      reported = now();
      output.err(`checked ${checked} journeys, ${behind.length} behind so far`);
    }
  }
  const seconds = Math.max((now() - started) / 1000, 0.001);
  output.out(
    `checked ${checked} journeys in ${seconds.toFixed(1)} s (${Math.round(checked / seconds)} a second): ` +
      `${behind.length} behind`,
  );
  if (settling > 0) {
    output.out(
      `${settling} journeys published events in the last ${command.graceMs / 1000} s not applied yet: not counted`,
    );
  }
  if (behind.length > 0) printBehind(behind, output);
  if (command.check) return behind.length > 0 ? EX_BEHIND : 0;

  const repairable = behind.filter((b) => b.missing.length > 0);
  let republished = 0;
  for (const { missing } of repairable) {
    for (let i = 0; i < missing.length; i += PUBLISH_BATCH) await deps.publish(missing.slice(i, i + PUBLISH_BATCH));
    republished += missing.length;
  }
  output.out(`republished ${republished} events of ${repairable.length} journeys (same event ids and seqs)`);
  const unrepairable = behind.filter((b) => b.unreadable || b.publishedThrough === null);
  if (unrepairable.length > 0) {
    output.err(`error: ${unrepairable.length} journeys could not be repaired in full (see NOTE above)`);
    return EX_BEHIND;
  }
  return 0;
}

/** The journeys to check a page at a time: those named, or every journey Temporal lists, then any held ones left. */
async function* candidates(command: JourneysCommand, deps: RepairDeps): AsyncGenerator<string[]> {
  if (command.journeyIds.length > 0) {
    yield command.journeyIds;
    return;
  }
  const seen = new Set<string>();
  for await (const page of deps.history.journeyIds(command.since ? { since: command.since } : {})) {
    page.forEach((id) => seen.add(id));
    yield page;
  }
  // Held journeys whose workflows Temporal no longer lists (past retention) still need saying.
  const held = (await deps.progress.heldJourneyIds()).filter((id) => !seen.has(id));
  if (held.length > 0) yield held;
}

async function check(
  journeyId: string,
  progress: JourneyProgress,
  deps: RepairDeps,
  cutoff: number,
): Promise<Behind | 'settling' | null> {
  let published: PublishedEvents | null;
  try {
    published = await deps.history.published(journeyId, progress.lastSeq + 1);
  } catch (error) {
    const failed = error instanceof Error ? error.message : String(error);
    return { journeyId, progress, publishedThrough: null, missing: [], unreadable: null, failed };
  }
  if (!published) {
    return progress.heldSeqs.length > 0
      ? { journeyId, progress, publishedThrough: null, missing: [], unreadable: null }
      : null;
  }
  const held = new Set(progress.heldSeqs);
  const notApplied = published.events.filter((p) => !held.has(p.event.seq));
  const missing = notApplied.filter((p) => p.publishedAt.getTime() <= cutoff).map((p) => p.event);
  const gone = published.beyondRetention;
  const unreadable = gone && (gone.to === null || hasUnheld(gone.from, gone.to, held)) ? gone : null;
  if (missing.length > 0 || unreadable) {
    return { journeyId, progress, publishedThrough: published.publishedThrough, missing, unreadable };
  }
  return notApplied.length > 0 ? 'settling' : null;
}

const hasUnheld = (from: number, to: number, held: Set<number>) =>
  to - from + 1 > [...held].filter((s) => s >= from && s <= to).length;

function printBehind(behind: Behind[], output: Output): void {
  const rows = behind
    .sort((a, b) => (a.journeyId < b.journeyId ? -1 : 1))
    .map((b) => [
      b.journeyId,
      String(b.progress.lastSeq),
      ranges(b.progress.heldSeqs) || '-',
      b.publishedThrough === null ? '?' : String(b.publishedThrough),
      ranges(b.missing.map((e) => e.seq)) || '-',
      note(b),
    ]);
  alignedTable([['JOURNEY', 'APPLIED THROUGH', 'HELD', 'PUBLISHED THROUGH', 'MISSING', 'NOTE'], ...rows]).forEach(
    (line) => output.out(line),
  );
}

function note(b: Behind): string {
  if (b.failed) return `cannot read its history: ${b.failed}`;
  if (b.publishedThrough === null) return 'no run in Temporal (past retention): cannot republish';
  if (!b.unreadable) return '';
  const { from, to } = b.unreadable;
  return `seqs ${from}-${to ?? '?'} were published by runs past retention: cannot republish`;
}

/** 1,2,3,5,7,8 → "1-3,5,7-8". */
export function ranges(seqs: readonly number[]): string {
  const sorted = [...seqs].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function duration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours >= 48 ? `${+(hours / 24).toFixed(1)} days` : `${+hours.toFixed(1)} hours`;
}

/** Runs `work` over `items`, `concurrency` at a time. */
async function inPool<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** The real dependencies: Temporal (with the payload codec), the projections' database, the journey-events topic. */
export async function openRepairDeps(
  config: RepairConfig,
  dataSource: DataSource,
): Promise<RepairDeps & { close(): Promise<void> }> {
  const temporal = await connectClient({
    connection: temporalConnection(config),
    namespace: config.TEMPORAL_NAMESPACE,
    codec: new AesGcmPayloadCodec(payloadKeyRing(config)),
  });
  const kafka = createKafka({
    connection: kafkaConnection(config),
    clientId: 'ops-cli',
    logger: createLogger('ops-cli', 'warn'),
  });
  const publisher = new JourneyEventPublisher(kafka);
  let connected: Promise<void> | undefined;
  return {
    history: new JourneyHistory(temporal),
    progress: new ProjectionProgress(dataSource),
    publish: async (events) => {
      connected ??= publisher.connect(); // only a repair publishes
      await connected;
      await publisher.publish(events);
    },
    close: async () => {
      if (connected) await publisher.disconnect();
      await temporal.connection.close();
    },
  };
}
