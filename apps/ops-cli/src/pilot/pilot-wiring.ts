import { loadConfigOrExit } from '@waymark/config';
import { opsConfigSchema } from '../config';
import type { Output } from '../output';
import type { PilotCommand } from './pilot-args';
import { runPilotCommand } from './pilot-command';
import { progressView } from './pilot-progress';
import { recordFile } from './pilot-record';
import { httpPost } from './pilot-sender';
import { openPilotStores, preparePilot } from './pilot-setup';

/**
 * `pilot simulate` wired to the database (DATABASE_URL: keys and rates), journey-api over HTTP, a progress view on
 * stderr, and Ctrl-C: the first one lets the requests in flight finish and prints the summary, a second one kills.
 */
export async function runPilot(command: PilotCommand, output: Output): Promise<number> {
  const databaseUrl = command.dryRun ? '' : loadConfigOrExit(opsConfigSchema).DATABASE_URL;
  let interrupted = false;
  const interrupt = () => {
    interrupted = true;
  };
  process.once('SIGINT', interrupt);
  try {
    return await runPilotCommand(
      command,
      {
        prepare: async () => {
          const stores = await openPilotStores(databaseUrl);
          return preparePilot(stores).finally(() => stores.close());
        },
        post: httpPost(command.api),
        progress: () => progressView(process.stderr),
        interrupted: () => interrupted,
        ...(command.record === undefined ? {} : { record: recordFile(command.record) }),
      },
      output,
    );
  } finally {
    process.off('SIGINT', interrupt);
  }
}
