import { PilotOptionsError, PilotPlan, planPilot, PILOT_PROVIDERS } from '@waymark/pilot-simulation';
import type { Output } from '../output';
import type { PilotCommand } from './pilot-args';
import type { Tally, ProgressView } from './pilot-progress';
import { Clock, JourneyResult, PilotSender, PostJson, realClock } from './pilot-sender';
import { PilotRecord, RecordFile, RecordFileError, samePilot } from './pilot-record';
import type { PreparedPilot } from './pilot-setup';
import { figuresTable, refusalLines, sendingTable } from './pilot-summary';

const EX_USAGE = 64;
/** Some request was refused: the journeys that follow it were not sent in full. */
export const EX_REFUSED = 2;
const EX_INTERRUPTED = 130;

export interface PilotDeps {
  /** Providers' keys and rates, the commissioner's key (pilot-setup.ts). */
  prepare(): Promise<PreparedPilot>;
  post: PostJson;
  progress(): ProgressView;
  /** True once the user has asked to stop (Ctrl-C): requests in flight finish, no new ones start. */
  interrupted(): boolean;
  /** The `--record` file, when one was given. */
  record?: RecordFile;
  clock?: Clock;
}

/**
 * `pilot simulate`: plans the pilot from the seed, sets its providers up, sends every journey through journey-api
 * (`concurrency` journeys at a time, in the order they open), then prints what was sent and the headline figures
 * of each design from the plan, and the commissioner's key. Rerun with the same options, it sends the same requests
 * with the same keys: journey-api replays its answers and nothing changes (an interrupted run carries on). With a
 * record file (`--record`), a rerun takes the recorded options, and sends nothing once a run had every request
 * accepted (unless the database shows no pilot was ever set up in it: the stack was reset).
 */
export async function runPilotCommand(command: PilotCommand, deps: PilotDeps, output: Output): Promise<number> {
  let recorded: PilotRecord | undefined;
  let plan: PilotPlan;
  try {
    recorded = await deps.record?.read();
    if (recorded && command.optionsGiven && !samePilot(recorded.options, command.options)) {
      throw new PilotOptionsError(
        `${deps.record?.path} records another pilot (${recorded.pilot}): give the same options, none (to carry on ` +
          'with it), or another --record file',
      );
    }
    plan = planPilot(recorded?.options ?? command.options);
  } catch (error) {
    if (!(error instanceof PilotOptionsError || error instanceof RecordFileError)) throw error;
    output.err(`error: ${error.message}`);
    return EX_USAGE;
  }
  output.out(describe(plan, command));
  if (recorded) output.out(`options from ${deps.record?.path}`);
  if (command.dryRun) {
    figuresTable(plan).forEach((line) => output.out(line));
    return 0;
  }

  const prepared = await deps.prepare();
  output.out(
    `providers: ${PILOT_PROVIDERS.map((p) => p.id).join(', ')} — a new API key each (label "pilot simulator", ` +
      'earlier ones revoked) and their hourly cost rates',
  );
  if (recorded?.sentInFull && prepared.setUpBefore) {
    output.out(`sent in full on ${recorded.sentInFull} (${deps.record?.path}): nothing to send`);
    output.out('');
    finalLines(plan, prepared).forEach((line) => output.out(line));
    return 0;
  }
  if (recorded?.sentInFull) {
    output.out(`${deps.record?.path} says it was sent in full, but no pilot was set up in this database: sending it`);
  }
  const record = (sentInFull: string | null) =>
    deps.record?.write({ pilot: plan.id, options: plan.options, sentInFull });
  await record(null);

  const clock = deps.clock ?? realClock;
  const started = clock.now();
  const { results, fatal } = await send(plan, command.concurrency, prepared, deps, clock);
  const seconds = Math.max((clock.now() - started) / 1000, 0.001);

  const all = [...results.values()];
  const answered = all.reduce((n, r) => n + r.accepted + (r.refusal ? 1 : 0), 0);
  const replayed = all.reduce((n, r) => n + r.replayed, 0);
  const refused = all.filter((r) => r.refusal).length;
  output.out('');
  output.out(
    `sent ${answered} requests in ${seconds.toFixed(1)} s (${(answered / seconds).toFixed(1)} a second): ` +
      `${answered - replayed - refused} new, ${replayed} replayed, ${refused} refused`,
  );
  sendingTable(plan, results).forEach((line) => output.out(line));
  refusalLines(results).forEach((line) => output.err(line));
  output.out('');
  finalLines(plan, prepared).forEach((line) => output.out(line));

  if (fatal) {
    output.err(`error: ${fatal}; rerun the same command to carry on (sent requests are replayed)`);
    return 1;
  }
  if (deps.interrupted()) {
    output.err('interrupted: rerun the same command to carry on (sent requests are replayed, never repeated)');
    return EX_INTERRUPTED;
  }
  if (refused > 0) return EX_REFUSED;
  await record(new Date(clock.now()).toISOString());
  return 0;
}

/** Each design's figures, and the commissioner's key for the dashboard (always the last line). */
const finalLines = (plan: PilotPlan, prepared: PreparedPilot) => [
  ...figuresTable(plan),
  '',
  `commissioner: ${prepared.commissioner.commissionerId} (key id ${prepared.commissioner.keyId})`,
  `commissioner key: ${prepared.commissioner.apiKey}`,
];

function describe(plan: PilotPlan, command: PilotCommand): string {
  const { seed, people, from, to, schedule, areas } = plan.options;
  const design =
    'design' in schedule ? schedule.design : `assess-and-refer, then local-by-default from ${schedule.switchAt}`;
  const requests = plan.journeys.reduce((n, j) => n + 1 + j.commands.length, 0);
  return (
    `pilot ${plan.id}: ${people} people from ${from} to ${to}, ${design}; seed "${seed}"; areas ${areas.join(', ')}\n` +
    `${requests} requests planned` +
    (command.dryRun
      ? ' (dry run: nothing sent)'
      : `, sending to ${command.api}, ${command.concurrency} journeys at a time`)
  );
}

/** Sends every journey, `concurrency` at a time; stops early when interrupted or when journey-api cannot be reached. */
async function send(plan: PilotPlan, concurrency: number, prepared: PreparedPilot, deps: PilotDeps, clock: Clock) {
  const tally: Tally = {
    settled: 0,
    total: plan.journeys.reduce((n, j) => n + 1 + j.commands.length, 0),
    accepted: 0,
    replayed: 0,
    refused: 0,
    skipped: 0,
  };
  const view = deps.progress();
  const sender = new PilotSender(deps.post, prepared.apiKeys, clock, (outcome) => {
    tally.settled += 1;
    if (outcome === 'replayed') tally.replayed += 1;
    if (outcome === 'accepted' || outcome === 'replayed') tally.accepted += 1;
    else tally[outcome] += 1;
    view.update(tally);
  });
  const results = new Map<number, JourneyResult>();
  let fatal: string | undefined;
  const stopped = () => fatal !== undefined || deps.interrupted();
  let next = 0;
  const worker = async () => {
    while (next < plan.journeys.length && !stopped()) {
      const journey = plan.journeys[next++];
      if (!journey) break;
      const result = await sender.sendJourney(journey, stopped);
      results.set(journey.person, result);
      fatal ??= result.unreachable;
    }
  };
  view.update(tally);
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, plan.journeys.length) }, worker));
  } finally {
    view.stop();
  }
  return { results, fatal };
}
