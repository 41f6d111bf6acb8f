import { temporal } from '@temporalio/proto';
import { completedPublications, previousRunId, PUBLISH_ACTIVITY } from './publications';

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
    expect(result.map((p) => Buffer.from(p.input[0]?.data ?? []).toString())).toEqual(['seq 1', 'seq 2-3']);
    expect(result.map((p) => p.completedAt.getTime() / 1000)).toEqual([1_003, 1_006]);
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
