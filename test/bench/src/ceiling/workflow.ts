// The bare engine the journey commands are measured against: a workflow that only accepts an Update and returns.
// No activity, no payload codec, no Kafka, no state worth the name. Bundled by the Temporal worker on its own.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const ceilingCommand = defineUpdate<number, [unknown]>('command');

export async function ceilingJourney(_open: unknown): Promise<void> {
  let applied = 0;
  setHandler(ceilingCommand, () => ++applied);
  // Runs until its execution timeout ends it: nothing has to clean up after a benchmark.
  await condition(() => false);
}
