import { condition, proxyActivities } from '@temporalio/workflow';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyActivities } from './definitions';

const MAX_BATCH = 100;

const { publishJourneyEvents } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an event must never be dropped because Kafka was away.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * Events leave the workflow strictly in order: one publication at a time, the
 * next batch only after the previous one succeeded.
 */
export class Outbox {
  private readonly pending: JourneyEvent[];
  private publishing = false;

  constructor(unpublished: JourneyEvent[] = []) {
    this.pending = [...unpublished];
  }

  enqueue(events: JourneyEvent[]): void {
    this.pending.push(...events);
  }

  /** Nothing in flight: safe to hand what is left to the next run. */
  get idle(): boolean {
    return !this.publishing;
  }

  /** Events accepted and not yet published, the batch in flight included. */
  get backlog(): number {
    return this.pending.length;
  }

  get empty(): boolean {
    return this.pending.length === 0 && !this.publishing;
  }

  unpublished(): JourneyEvent[] {
    return [...this.pending];
  }

  /** Runs for the life of the workflow run. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => this.pending.length > 0);
      const batch = this.pending.slice(0, MAX_BATCH);
      this.publishing = true;
      try {
        await publishJourneyEvents(batch);
      } finally {
        this.publishing = false;
      }
      this.pending.splice(0, batch.length);
    }
  }
}
