import { CommissionerCredentialStore, openCommissionerAccessDataSource } from '@waymark/commissioner-access';
import { loadConfigOrExit } from '@waymark/config';
import { CredentialInputError, CredentialStore, openProviderApiDataSource } from '@waymark/provider-access';
import type { DataSource } from 'typeorm';
import { Command, isKeysCommand, parseCommand, UsageError, USAGE } from './cli-args';
import { runCommissionersCommand } from './commissioners-commands';
import { opsConfigSchema } from './config';
import { runKeysCommand } from './keys-commands';
import type { Output } from './output';

const EX_USAGE = 64;

const terminal: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

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

  const config = loadConfigOrExit(opsConfigSchema);
  // Each group opens (and migrates) only its own schema: providers' keys are journey-api's, commissioners' are
  // measures-service's.
  let dataSource: DataSource | undefined;
  try {
    if (isKeysCommand(command)) {
      dataSource = await openProviderApiDataSource(config.DATABASE_URL);
      return await runKeysCommand(command, new CredentialStore(dataSource), terminal);
    }
    dataSource = await openCommissionerAccessDataSource(config.DATABASE_URL);
    return await runCommissionersCommand(command, new CommissionerCredentialStore(dataSource), terminal);
  } catch (error) {
    if (!(error instanceof CredentialInputError)) throw error;
    terminal.err(`error: ${error.message}`);
    return EX_USAGE;
  } finally {
    await dataSource?.destroy();
  }
}

// exitCode rather than exit(): let stdout drain first.
main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    terminal.err(`ops-cli failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
