import {
  journeyEventsForRebuild,
  MeasuresConsumerRunning,
  rebuildProjections,
  type CostRates,
  type RebuildDeps,
  type RebuildProgress,
} from '@waymark/measures-store';
import type { Kafka } from 'kafkajs';
import type { MeasuresCommand, RatesCommand } from './cli-args';
import { alignedTable, Output } from './output';

/** sysexits EX_TEMPFAIL: try again once measures-service is stopped. */
const EX_TEMPFAIL = 75;

export interface MeasuresCommandDeps {
  kafka: Kafka;
  begin: RebuildDeps['begin'];
  /** measures-service's consumer group, moved to where the rebuild stopped. */
  groupId: string;
  now?: () => number;
}

/**
 * `measures rebuild`: the rebuild use case (measures-store rebuildProjections) over the journey-event topic, with
 * its progress printed (events read, %, events/s). measures-service must be stopped meanwhile.
 */
export async function runMeasuresCommand(
  command: MeasuresCommand,
  { kafka, begin, groupId, now = Date.now }: MeasuresCommandDeps,
  output: Output,
): Promise<number> {
  let source;
  try {
    source = await journeyEventsForRebuild(kafka, groupId);
  } catch (error) {
    if (!(error instanceof MeasuresConsumerRunning)) throw error;
    output.err(`error: ${error.message}`);
    return EX_TEMPFAIL;
  }
  let swapped = false;
  const print = progressPrinter(command, output, now);
  const result = await rebuildProjections({ ...source, begin, now }, (p) => {
    swapped ||= p.step === 'swap';
    print(p);
  }).catch((error: unknown) => {
    output.err(
      swapped
        ? `rebuild failed after the swap: the rebuilt projections are live, but consumer group "${groupId}" was not moved`
        : 'rebuild failed: the live projections are as they were',
    );
    throw error;
  });
  output.out(
    `rebuilt from ${result.read} events in ${(result.ms / 1000).toFixed(1)} s: ${result.applied} applied, ` +
      `${result.duplicates} duplicates, ${result.invalid} invalid, ${result.unplaceable} unplaceable, ` +
      `${result.held} held behind a gap (ops-cli journeys repair --check)`,
  );
  output.out(`consumer group "${groupId}" now starts after them; start measures-service again`);
  return 0;
}

const AFTER_REPLAY = {
  rollups: 'weeks, months and totals worked out',
  swap: 'indexed and swapped in for the live projections',
};

/** Prints the replay's progress at most every `progressEveryMs` (and at its end), then each later step. */
function progressPrinter({ progressEveryMs }: MeasuresCommand, output: Output, now: () => number) {
  const started = now();
  let lastReport = 0;
  return (p: RebuildProgress) => {
    if (p.step !== 'replay') {
      output.out(`${AFTER_REPLAY[p.step]} in ${(p.ms / 1000).toFixed(1)} s`);
      return;
    }
    if (!p.done && now() - lastReport < progressEveryMs) return;
    lastReport = now();
    const seconds = (now() - started) / 1000;
    const percent = p.total === 0 ? 100 : (100 * p.read) / p.total;
    output.out(
      `${p.read}/${p.total} events (${percent.toFixed(1)} %), ${Math.round(p.read / Math.max(seconds, 0.001))} events/s`,
    );
  };
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
