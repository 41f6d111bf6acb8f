import { tsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { JourneyActivities } from '@waymark/journey-workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

/** Every event a journey workflow publishes goes through this activity, so its inputs are the workflow's record. */
export const PUBLISH_ACTIVITY: keyof JourneyActivities = 'publishJourneyEvents';

/** One call of the publishing activity that completed: its input, still encoded, and when it completed. */
export interface CompletedPublication {
  input: Payload[];
  completedAt: Date;
}

/**
 * The publishing activity's calls in one run's history that completed, in order. A call still being retried (Kafka
 * away) is not among them: its events are not published yet, and the workflow goes on trying.
 */
export function completedPublications(events: readonly HistoryEvent[]): CompletedPublication[] {
  const scheduled = new Map<string, Payload[]>();
  const completed: CompletedPublication[] = [];
  for (const event of events) {
    const request = event.activityTaskScheduledEventAttributes;
    if (request?.activityType?.name === PUBLISH_ACTIVITY) {
      scheduled.set(String(event.eventId), request.input?.payloads ?? []);
    }
    const done = event.activityTaskCompletedEventAttributes;
    const input = done ? scheduled.get(String(done.scheduledEventId)) : undefined;
    if (input && event.eventTime) completed.push({ input, completedAt: tsToDate(event.eventTime) });
  }
  return completed;
}

/** The run this one continued from, if it did (continue-as-new chains a journey's runs). */
export function previousRunId(events: readonly HistoryEvent[]): string | undefined {
  return events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
}
