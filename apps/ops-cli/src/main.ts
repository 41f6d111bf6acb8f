import { CredentialInputError } from '@waymark/api-keys';
import { kafkaConnection, loadConfigOrExit } from '@waymark/config';
import { createKafka, readDeadLetters, replayDeadLetters, replayPositions } from '@waymark/kafka';
import { CostRateInputError, CostRates, measuresDataSourceOptions, ProjectionRebuild } from '@waymark/measures-store';
import { createLogger } from '@waymark/observability';
import { DataSource } from 'typeorm';
import { Command, isIn, parseCommand, UsageError, USAGE } from './cli-args';
import {
  deadLettersConfigSchema,
  historyConfigSchema,
  opsConfigSchema,
  rebuildConfigSchema,
  repairConfigSchema,
} from './config';
import { runDeadLettersCommand } from './dead-letters-commands';
import { openHistoryDeps } from './history-deps';
import { openRepairDeps, runJourneysCommand } from './journeys-commands';
import { openKeyStore } from './key-stores';
import { runKeysCommand } from './keys-commands';
import { runMeasuresCommand, runRatesCommand } from './measures-commands';
import { runKeyUsage } from './payload-keys-commands';
import type { Output } from './output';
import { runPilot } from './pilot/pilot-wiring';
import { runReplayCheck } from './workflows-commands';

const EX_USAGE = 64;

const terminal: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const openMeasures = (url: string) => new DataSource(measuresDataSourceOptions(url)).initialize();

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    terminal.err(`error: ${error.message}\n\n${USAGE}`);
    return EX_USAGE;
  }
  if (command.name === 'help') {
    terminal.out(USAGE);
    return 0;
  }
  if ('deprecation' in command && command.deprecation) terminal.err(command.deprecation);

  if (isIn(command, 'pilot')) return runPilot(command, terminal);

  if (isIn(command, 'workflows') || isIn(command, 'payload-keys')) {
    const deps = await openHistoryDeps(loadConfigOrExit(historyConfigSchema));
    const run =
      command.name === 'workflows replay-check'
        ? runReplayCheck(command, deps, terminal)
        : runKeyUsage(command, deps, terminal);
    return run.finally(() => deps.close());
  }

  if (isIn(command, 'dead-letters')) {
    const config = loadConfigOrExit(deadLettersConfigSchema);
    const kafka = createKafka({
      connection: kafkaConnection(config),
      clientId: 'ops-cli',
      logger: createLogger('ops-cli', 'warn'),
    });
    const group = config.MEASURES_CONSUMER_GROUP;
    return runDeadLettersCommand(
      command,
      {
        group,
        read: () => readDeadLetters(kafka),
        positions: () => replayPositions(kafka, group),
        replay: (onStep) => replayDeadLetters(kafka, group, onStep),
      },
      terminal,
    );
  }

  // Each group opens (and migrates) only its own schema: providers' keys are journey-api's (provider_api),
  // commissioners' keys measures-service's and the dashboard's (commissioner_access), rates and projections
  // measures-service's.
  let dataSource: DataSource | undefined;
  try {
    if (isIn(command, 'measures')) {
      const config = loadConfigOrExit(rebuildConfigSchema);
      dataSource = await openMeasures(config.DATABASE_URL);
      const kafka = createKafka({
        connection: kafkaConnection(config),
        clientId: 'ops-cli',
        logger: createLogger('ops-cli', 'warn'),
      });
      const live = dataSource;
      const begin = () => ProjectionRebuild.begin(live, config.MEASURES_TIME_ZONE);
      return await runMeasuresCommand(command, { kafka, begin, groupId: config.MEASURES_CONSUMER_GROUP }, terminal);
    }
    if (isIn(command, 'journeys')) {
      const config = loadConfigOrExit(repairConfigSchema);
      dataSource = await openMeasures(config.DATABASE_URL);
      const deps = await openRepairDeps(config, dataSource);
      return await runJourneysCommand(command, deps, terminal).finally(() => deps.close());
    }
    const config = loadConfigOrExit(opsConfigSchema);
    if (isIn(command, 'keys')) {
      const keys = await openKeyStore(command.holders, config.DATABASE_URL);
      dataSource = keys.dataSource;
      return await runKeysCommand(command, keys.store, terminal);
    }
    dataSource = await openMeasures(config.DATABASE_URL);
    return await runRatesCommand(command, new CostRates(dataSource), terminal);
  } catch (error) {
    if (!(error instanceof CredentialInputError || error instanceof CostRateInputError)) throw error;
    terminal.err(`error: ${error.message}`);
    return EX_USAGE;
  } finally {
    await dataSource?.destroy();
  }
}

// Exit once stdout has drained: nothing left behind (Temporal's native runtime, say) may keep the command running.
const exitWhenDrained = (code: number) => process.stdout.write('', () => process.exit(code));
main(process.argv.slice(2)).then(exitWhenDrained, (error: unknown) => {
  terminal.err(`ops-cli failed: ${error instanceof Error ? error.message : String(error)}`);
  exitWhenDrained(1);
});
