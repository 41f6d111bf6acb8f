import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_SETTINGS, JOURNEY_LIMITS, JourneyCommand } from '@waymark/journey-domain';
import { journeyCommandUpdate, journeyStateQuery } from '@waymark/journey-workflows';
import { randomUUID } from 'node:crypto';
import { JourneyTestWorker, startJourneyWorker } from './journey-worker';

/**
 * The journey workflow on the real Temporal dev server while Kafka is away: its publishing activity fails every time,
 * so accepted events pile up in the outbox. Past the backlog limit the workflow's validator refuses commands (503 at
 * the API) instead of letting its state, and the payload it continues as new with, grow without bound.
 */
describe('journey workflow with nowhere to publish', () => {
  let temporal: JourneyTestWorker;
  let client: Client;
  let taskQueue: string;

  beforeAll(async () => {
    temporal = await startJourneyWorker('journeys-backlog-it', async () => {
      throw new Error('Kafka is away');
    });
    ({ client, taskQueue } = temporal);
  });

  afterAll(() => temporal?.stop());

  it('refuses commands as unavailable (events-backlog) once 200 events wait, and changes nothing', async () => {
    const journeyId = randomUUID();
    const openedAt = new Date(Date.now() - 60 * 60_000).toISOString();
    const handle = await client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey-${journeyId}`,
      args: [
        {
          journeyId,
          settings: DEFAULT_SETTINGS,
          open: {
            personRef: 'case-backlog',
            leadProviderId: 'council-housing',
            areaCode: 'E05000001',
            ageBand: '50-64',
            occurredAt: openedAt,
          },
        },
      ],
    });
    const contact: JourneyCommand = {
      type: 'record-contact',
      occurredAt: openedAt,
      demand: 'value',
      valueKind: 'progress',
      channel: 'phone',
      minutesSpent: 5,
    };
    const send = () =>
      handle.executeUpdate(journeyCommandUpdate, { args: [{ actor: 'council-housing', command: contact }] });

    // The opened event and 199 contacts fill the backlog exactly.
    for (let i = 1; i < JOURNEY_LIMITS.unpublishedEvents; i++) await send();
    const refused = await send().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).details?.[0]).toMatchObject({ kind: 'unavailable', rule: 'events-backlog' });
    expect((await handle.query(journeyStateQuery)).seq).toBe(JOURNEY_LIMITS.unpublishedEvents);
    await handle.terminate('test over');
  });
});
