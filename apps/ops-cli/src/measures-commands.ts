import {
  consumerGroupIsActive,
  journeyEventsEnd,
  moveConsumerGroup,
  replayJourneyEvents,
  ReplayProgress,
} from '@waymark/kafka';
import type { CostRates, MeasuresStore } from '@waymark/measures-store';
import type { Kafka } from 'kafkajs';
import type { MeasuresCommand, RatesCommand } from './cli-args';
import { alignedTable, Output } from './output';

/** sysexits EX_TEMPFAIL: try again once measures-service is stopped. */
const EX_TEMPFAIL = 75;

export interface RebuildDeps {
  kafka: Kafka;
  store: Pick<MeasuresStore, 'clear' | 'apply' | 'completeRollups'>;
  /** measures-service's consumer group, moved to where the rebuild stopped. */
  groupId: string;
  now?: () => number;
}

/**
 * Empties the projections and replays the journey-event topic from the beginning to where it ended when the
 * rebuild started, then points measures-service's consumer group there, so the service carries on from that
 * point. measures-service must be stopped meanwhile (Kafka refuses to move a group that has members).
 */
export async function runMeasuresCommand(command: MeasuresCommand, deps: RebuildDeps, output: Output): Promise<number> {
  const { kafka, store, groupId, now = Date.now } = deps;
  if (await consumerGroupIsActive(kafka, groupId)) {
    output.err(`error: consumer group "${groupId}" has running members; stop measures-service, then rebuild`);
    return EX_TEMPFAIL;
  }
  const admin = kafka.admin();
  await admin.connect();
  const end = await journeyEventsEnd(admin).finally(() => admin.disconnect());

  await store.clear();
  const started = now();
  let applied = 0;
  let unplaceable = 0;
  let held = 0; // held behind a gap in their journey's seq and not released by a later batch
  let lastReport = 0;
  const report = (p: ReplayProgress, force = false) => {
    if (!force && now() - lastReport < command.progressEveryMs) return;
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
  const rolling = now();
  await store.completeRollups();
  output.out(`weeks, months and totals worked out in ${((now() - rolling) / 1000).toFixed(1)} s`);
  await moveConsumerGroup(kafka, groupId, end);
  const seconds = (now() - started) / 1000;
  output.out(
    `rebuilt from ${done.read} events in ${seconds.toFixed(1)} s: ${applied} applied, ` +
      `${done.read - applied - done.invalid - unplaceable - held} duplicates, ${done.invalid} invalid, ` +
      `${unplaceable} unplaceable, ${held} held behind a gap (ops-cli journeys repair --check)`,
  );
  output.out(`consumer group "${groupId}" now starts after them; start measures-service again`);
  return 0;
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
