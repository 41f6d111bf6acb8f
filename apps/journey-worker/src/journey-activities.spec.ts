import { CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { JourneyEvent } from '@waymark/event-contracts';
import type { JourneyEventPublisher } from '@waymark/kafka';
import { createJourneyActivities } from './journey-activities';

const publisherOf = (publish: () => Promise<void>) => ({ publish }) as unknown as JourneyEventPublisher;
const events: JourneyEvent[] = [];

describe('publishJourneyEvents', () => {
  it('resolves once the publisher has written the events', async () => {
    const publish = jest.fn(() => Promise.resolve());
    const { publishJourneyEvents } = createJourneyActivities(publisherOf(publish));
    await expect(new MockActivityEnvironment().run(publishJourneyEvents, events)).resolves.toBeUndefined();
    expect(publish).toHaveBeenCalledTimes(1);
  });

  it('gives its attempt up when cancelled (the worker shutting down) while the broker does not answer', async () => {
    const { publishJourneyEvents } = createJourneyActivities(publisherOf(() => new Promise<void>(() => undefined)));
    const env = new MockActivityEnvironment();
    const attempt = env.run(publishJourneyEvents, events);
    env.cancel('WORKER_SHUTDOWN');
    await expect(attempt).rejects.toBeInstanceOf(CancelledFailure);
  });

  it('keeps a publisher failure as the attempt failure', async () => {
    const { publishJourneyEvents } = createJourneyActivities(
      publisherOf(() => Promise.reject(new Error('broker said no'))),
    );
    await expect(new MockActivityEnvironment().run(publishJourneyEvents, events)).rejects.toThrow('broker said no');
  });
});
