import {
  consumerGroupIsActive,
  journeyEventsEnd,
  moveConsumerGroup,
  PartitionOffsets,
  replayJourneyEvents,
  ReplayProgress,
} from '@waymark/kafka';
import type { CostRates, ProjectionRebuild } from '@waymark/measures-store';
import type { Kafka } from 'kafkajs';
import type { MeasuresCommand, RatesCommand } from './cli-args';
import { alignedTable, Output } from './output';

/** sysexits EX_TEMPFAIL: try again once measures-service is stopped. */
const EX_TEMPFAIL = 75;

export interface RebuildDeps {
  kafka: Kafka;
  /** Fresh projection tables to replay into, swapped in for the live ones once complete. */
  begin: () => Promise<Pick<ProjectionRebuild, 'store' | 'swapIn' | 'discard' | 'close'>>;
  /** measures-service's consumer group, moved to where the rebuild stopped. */
  groupId: string;
  now?: () => number;
}

/**
 * Replays the journey-event topic from the beginning to where it ended when the rebuild started into fresh
 * projection tables, swaps them in for the live ones at once, then points measures-service's consumer group
 * there, so the service carries on from that point. Until the swap the live figures are untouched: a rebuild
 * that fails, or is killed, leaves them as they were. measures-service must be stopped meanwhile (Kafka refuses
 * to move a group that has members).
 */
export async function runMeasuresCommand(command: MeasuresCommand, deps: RebuildDeps, output: Output): Promise<number> {
  const { kafka, groupId, now = Date.now } = deps;
  if (await consumerGroupIsActive(kafka, groupId)) {
    output.err(`error: consumer group "${groupId}" has running members; stop measures-service, then rebuild`);
    return EX_TEMPFAIL;
  }
  const admin = kafka.admin();
  await admin.connect();
  const end = await journeyEventsEnd(admin).finally(() => admin.disconnect());

  const rebuild = await deps.begin();
  try {
    const started = now();
    const { read, applied, invalid, unplaceable, held } = await replayInto(
      rebuild.store,
      kafka,
      end,
      command,
      output,
      now,
    );
    const took = async (what: string, step: () => Promise<void>) => {
      const from = now();
      await step();
      output.out(`${what} in ${((now() - from) / 1000).toFixed(1)} s`);
    };
    await took('weeks, months and totals worked out', () => rebuild.store.completeRollups());
    await took('indexed and swapped in for the live projections', () => rebuild.swapIn());
    await moveConsumerGroup(kafka, groupId, end);
    output.out(
      `rebuilt from ${read} events in ${((now() - started) / 1000).toFixed(1)} s: ${applied} applied, ` +
        `${read - applied - invalid - unplaceable - held} duplicates, ${invalid} invalid, ${unplaceable} unplaceable, ` +
        `${held} held behind a gap (ops-cli journeys repair --check)`,
    );
  } catch (error) {
    output.err('rebuild failed: the live projections are as they were');
    await rebuild.discard().catch(() => undefined);
    throw error;
  } finally {
    await rebuild.close();
  }
  output.out(`consumer group "${groupId}" now starts after them; start measures-service again`);
  return 0;
}

/** Replays the topic up to `end` into the rebuild's tables, printing progress (events read, %, events/s). */
async function replayInto(
  store: ProjectionRebuild['store'],
  kafka: Kafka,
  end: PartitionOffsets,
  { progressEveryMs }: MeasuresCommand,
  output: Output,
  now: () => number,
) {
  const started = now();
  let applied = 0;
  let unplaceable = 0;
  let held = 0; // held behind a gap in their journey's seq and not released by a later batch
  let lastReport = 0;
  const report = (p: ReplayProgress, force = false) => {
    if (!force && now() - lastReport < progressEveryMs) return;
    lastReport = now();
    const seconds = (now() - started) / 1000;
    const percent = p.total === 0 ? 100 : (100 * p.read) / p.total;
    output.out(
      `${p.read}/${p.total} events (${percent.toFixed(1)} %), ${Math.round(p.read / Math.max(seconds, 0.001))} events/s`,
    );
  };
  const done = await replayJourneyEvents(
    kafka,
    end,
    async (events) => {
      const result = await store.apply(events, 'days');
      applied += result.applied;
      unplaceable += result.unplaceable.length;
      held += result.held - result.released;
    },
    report,
  );
  report(done, true);
  return { read: done.read, invalid: done.invalid, applied, unplaceable, held };
}

/** `rates set|list`: providers' hourly cost rates; every cost figure uses the rates in force when it is asked for. */
export async function runRatesCommand(
  command: RatesCommand,
  rates: Pick<CostRates, 'set' | 'list'>,
  output: Output,
): Promise<number> {
  if (command.name === 'rates set') {
    await rates.set(command.providerId, command.hourlyRate);
    output.out(`${command.providerId}: £${Number(command.hourlyRate).toFixed(2)} an hour`);
    return 0;
  }
  const all = await rates.list();
  if (all.length === 0) output.out('no rates');
  else {
    alignedTable([
      ['PROVIDER', 'HOURLY RATE (GBP)', 'UPDATED'],
      ...all.map((r) => [r.providerId, r.hourlyRate, r.updatedAt.toISOString()]),
    ]).forEach((line) => output.out(line));
  }
  return 0;
}
