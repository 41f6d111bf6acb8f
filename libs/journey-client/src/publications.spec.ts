import { temporal } from '@temporalio/proto';
import { completedPublications, previousRunId, PUBLISH_ACTIVITY, PUBLISH_IN_TASK_ACTIVITY } from './publications';

const { HistoryEvent } = temporal.api.history.v1;
const payload = (text: string) => ({ metadata: {}, data: Buffer.from(text).toString('base64') });

let lastId = 0;
const scheduled = (name: string, text: string) =>
  HistoryEvent.fromObject({
    eventId: ++lastId,
    eventTime: { seconds: lastId },
    activityTaskScheduledEventAttributes: { activityType: { name }, input: { payloads: [payload(text)] } },
  });
const completed = (of: temporal.api.history.v1.HistoryEvent) =>
  HistoryEvent.fromObject({
    eventId: ++lastId,
    eventTime: { seconds: 1_000 + lastId },
    activityTaskCompletedEventAttributes: { scheduledEventId: Number(of.eventId) },
  });

/** A local activity's marker as Temporal's core SDK records it: plain JSON data beside the encoded result. */
const marker = (type: string, text: string, failed = false) =>
  HistoryEvent.fromObject({
    eventId: ++lastId,
    eventTime: { seconds: 2_000 + lastId },
    markerRecordedEventAttributes: {
      markerName: 'core_local_activity',
      details: {
        data: { payloads: [payload(JSON.stringify({ seq: lastId, attempt: 1, activity_type: type }))] },
        ...(failed ? {} : { result: { payloads: [payload(text)] } }),
      },
      ...(failed ? { failure: { message: 'Kafka is away' } } : {}),
    },
  });
const texts = (publications: { events: { data?: Uint8Array | null }[] }[]) =>
  publications.map((p) => Buffer.from(p.events[0]?.data ?? []).toString());

describe('completedPublications', () => {
  it('gives the input of each publishing call that completed, in order, and when it completed', () => {
    lastId = 0;
    const first = scheduled(PUBLISH_ACTIVITY, 'seq 1');
    const other = scheduled('somethingElse', 'not events');
    const firstDone = completed(first);
    const second = scheduled(PUBLISH_ACTIVITY, 'seq 2-3');
    const history = [first, other, firstDone, completed(other), second, completed(second)];
    history.push(scheduled(PUBLISH_ACTIVITY, 'seq 4')); // still being retried
    const result = completedPublications(history);
    expect(texts(result)).toEqual(['seq 1', 'seq 2-3']);
    expect(result.map((p) => p.completedAt.getTime() / 1000)).toEqual([1_003, 1_006]);
  });

  it("gives a local publication's result where the marker was recorded, in history order with durable ones", () => {
    lastId = 0;
    const patch = HistoryEvent.fromObject({
      eventId: ++lastId,
      markerRecordedEventAttributes: { markerName: 'core_patch', details: { 'patch-data': { payloads: [] } } },
    });
    const history = [patch, marker(PUBLISH_IN_TASK_ACTIVITY, 'seq 1'), marker('somethingElse', 'not events')];
    history.push(marker(PUBLISH_IN_TASK_ACTIVITY, 'seq 2', true)); // failed: handed to the durable activity
    const durable = scheduled(PUBLISH_ACTIVITY, 'seq 2');
    history.push(durable, completed(durable), marker(PUBLISH_IN_TASK_ACTIVITY, 'seq 3'));
    const result = completedPublications(history);
    expect(texts(result)).toEqual(['seq 1', 'seq 2', 'seq 3']);
    expect(result[0]?.completedAt.getTime()).toBe(2_002_000);
  });
});

describe('previousRunId', () => {
  it('names the run a continued run came from, and nothing for a first run', () => {
    const started = (continuedExecutionRunId: string) =>
      HistoryEvent.fromObject({ eventId: 1, workflowExecutionStartedEventAttributes: { continuedExecutionRunId } });
    expect(previousRunId([started('run-1')])).toBe('run-1');
    expect(previousRunId([started('')])).toBeUndefined();
    expect(previousRunId([])).toBeUndefined();
  });
});
