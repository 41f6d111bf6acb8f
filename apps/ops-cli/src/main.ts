import { loadConfigOrExit } from '@waymark/config';
import { CredentialInputError, CredentialStore, openProviderApiDataSource } from '@waymark/provider-access';
import { Command, parseCommand, UsageError, USAGE } from './cli-args';
import { opsConfigSchema } from './config';
import { Output, runKeysCommand } from './keys-commands';

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
  const dataSource = await openProviderApiDataSource(config.DATABASE_URL);
  try {
    return await runKeysCommand(command, new CredentialStore(dataSource), terminal);
  } catch (error) {
    if (!(error instanceof CredentialInputError)) throw error;
    terminal.err(`error: ${error.message}`);
    return EX_USAGE;
  } finally {
    await dataSource.destroy();
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
