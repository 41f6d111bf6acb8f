import { context, type Context } from '@opentelemetry/api';
import { condition, patched, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyActivities } from './definitions';

const MAX_BATCH = 100;
/** Runs that started before this patch publish only through the durable activity (decision 0023). */
export const PUBLISH_IN_TASK_PATCH = 'publish-in-workflow-task';

const { publishJourneyEvents } = proxyActivities<JourneyActivities>({
  startToCloseTimeout: '30 seconds',
  // No maximum attempts: an event must never be dropped because Kafka was away.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// One quick try inside the workflow task that accepted the command: the task (and so the command's answer) waits for
// it, so it must be short. Kafka slow or away, the durable activity above takes the batch over.
const { publishJourneyEventsInTask } = proxyLocalActivities<JourneyActivities>({
  startToCloseTimeout: '2 seconds',
  retry: { maximumAttempts: 1 },
});

/** Publishes one batch within the workflow task; false if it could not, and the durable activity must. */
async function publishedInTask(batch: JourneyEvent[]): Promise<boolean> {
  try {
    await publishJourneyEventsInTask(batch);
    return true;
  } catch {
    // Timed out or refused: the durable activity retries until Kafka is back; a copy Kafka did take is deduped.
    return false;
  }
}

/** An event waiting to leave, with the trace context of the command that made it. */
interface Pending {
  event: JourneyEvent;
  trace: Context;
}

/**
 * Events leave the workflow strictly in order: one publication at a time, the
 * next batch only after the previous one succeeded.
 */
export class Outbox {
  private readonly pending: Pending[] = [];
  private publishing = false;

  constructor(unpublished: JourneyEvent[] = []) {
    this.enqueue(unpublished);
  }

  /** Keeps the caller's trace context (an Update's is its command's), so its publication continues that trace. */
  enqueue(events: JourneyEvent[]): void {
    const trace = context.active();
    this.pending.push(...events.map((event) => ({ event, trace })));
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
    return this.pending.map((p) => p.event);
  }

  /** Runs for the life of the workflow run. */
  async run(): Promise<never> {
    for (;;) {
      await condition(() => this.pending.length > 0);
      const batch = this.pending.slice(0, MAX_BATCH).map((p) => p.event);
      this.publishing = true;
      try {
        // The batch continues the trace of its first event's command (a batch rarely spans two commands). No async
        // wrapper: runs from before the patch replay as recorded, the durable activity awaited in the same turn.
        const { trace } = this.pending[0];
        const traced = <T>(call: () => T) => context.with(trace, call);
        if (!patched(PUBLISH_IN_TASK_PATCH)) await traced(() => publishJourneyEvents(batch));
        else if (!(await traced(() => publishedInTask(batch)))) await traced(() => publishJourneyEvents(batch));
      } finally {
        this.publishing = false;
      }
      this.pending.splice(0, batch.length);
    }
  }
}
