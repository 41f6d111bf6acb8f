import { tsToDate } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import type { JourneyActivities } from '@waymark/journey-workflows';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payload = temporal.api.common.v1.IPayload;

/** Every event a journey workflow publishes goes through one of these activities, so they are the workflow's record. */
export const PUBLISH_ACTIVITY: keyof JourneyActivities = 'publishJourneyEvents';
export const PUBLISH_IN_TASK_ACTIVITY: keyof JourneyActivities = 'publishJourneyEventsInTask';
/** The marker Temporal's core SDK records for a local activity: its `data` (plain JSON) and its `result`. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** One publication that completed: the published events, still encoded (one payload), and when it completed. */
export interface CompletedPublication {
  events: Payload[];
  completedAt: Date;
}

/**
 * The publications in one run's history that completed, in order: a durable activity's input once it completed, a
 * local activity's result (decision 0023). A durable call still being retried (Kafka away) is not among them: its
 * events are not published yet, and the workflow goes on trying; a failed local one left the batch to a durable one.
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
    if (input && event.eventTime) completed.push({ events: input, completedAt: tsToDate(event.eventTime) });
    const local = publishedInTask(event);
    if (local) completed.push(local);
  }
  return completed;
}

function publishedInTask(event: HistoryEvent): CompletedPublication | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER || marker.failure || !event.eventTime) return undefined;
  const result = marker.details?.['result']?.payloads;
  const data = marker.details?.['data']?.payloads?.[0]?.data;
  if (!result?.length || !data) return undefined;
  const { activity_type: type } = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string };
  return type === PUBLISH_IN_TASK_ACTIVITY ? { events: result, completedAt: tsToDate(event.eventTime) } : undefined;
}

/** The run this one continued from, if it did (continue-as-new chains a journey's runs). */
export function previousRunId(events: readonly HistoryEvent[]): string | undefined {
  return events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
}
