import { condition, proxyActivities } from '@temporalio/workflow';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyActivities } from './definitions';

const MAX_BATCH = 100;

const { publishJourneyEvents } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an event must never be dropped because Kafka was away.
  retry: {
    initialInterval: '1 second',
    backoffCoefficient: 2,
    maximumInterval: '1 minute',
  },
});

/**
 * Events leave the workflow strictly in order: one publication at a time, the
 * next batch only after the previous one succeeded.
 */
export class Outbox {
  private readonly pending: JourneyEvent[] = [];

  enqueue(events: JourneyEvent[]): void {
    this.pending.push(...events);
  }

  get isEmpty(): boolean {
    return this.pending.length === 0;
  }

  /** Runs for the life of the workflow. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => !this.isEmpty);
      const batch = this.pending.slice(0, MAX_BATCH);
      await publishJourneyEvents(batch);
      this.pending.splice(0, batch.length);
    }
  }
}
