import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { JourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_SETTINGS, JourneyCommand } from '@waymark/journey-domain';
import { journeyCommandUpdate, journeyStateQuery, JourneyWorkflowInput } from '@waymark/journey-workflows';
import { AesGcmPayloadCodec, generatePayloadKey, parsePayloadKeys } from '@waymark/payload-codec';
import { randomUUID } from 'node:crypto';
import { JourneyTestWorker, startJourneyWorker } from './journey-worker';

/**
 * Someone with access to the Temporal frontend but not the payload key writes a plain (unencrypted) Update to a
 * running journey, acting as its provider. The worker's codec refuses it (decision 0021): the Update is rejected
 * before it is accepted, nothing reaches the history, and the journey goes on taking the real provider's commands.
 */
describe('unencrypted payloads on Temporal', () => {
  const published: JourneyEvent[] = [];
  const codec = new AesGcmPayloadCodec(parsePayloadKeys(`k1:${generatePayloadKey()}`, 'k1'));
  let temporal: JourneyTestWorker;
  let raw: Client;

  beforeAll(async () => {
    temporal = await startJourneyWorker('plain-payloads-it', async (events) => void published.push(...events), {
      payloadCodecs: [codec],
    });
    const connection = await Connection.connect({ address: process.env['TEMPORAL_ADDRESS'] ?? '' });
    raw = new Client({ connection, namespace: process.env['TEMPORAL_NAMESPACE'] ?? 'waymark' });
  });

  afterAll(async () => {
    await raw?.connection.close();
    await temporal?.stop();
  });

  const lead = 'council-housing';
  const today = () => new Date().toISOString();
  const contact = (): JourneyCommand => ({
    type: 'record-contact',
    occurredAt: today(),
    demand: 'value',
    valueKind: 'new-need',
    channel: 'phone',
    minutesSpent: 20,
  });

  async function startJourney() {
    const journeyId = randomUUID();
    const input: JourneyWorkflowInput = {
      journeyId,
      settings: DEFAULT_SETTINGS,
      open: { personRef: 'case-7', leadProviderId: lead, areaCode: 'E05000001', ageBand: '50-64', occurredAt: today() },
    };
    const { client, taskQueue } = temporal;
    const handle = await client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey-${journeyId}`,
      args: [input],
    });
    return { journeyId, handle, forged: raw.workflow.getHandle(handle.workflowId) };
  }

  it('rejects a plain Update written straight to the frontend, and the journey carries on', async () => {
    const { journeyId, handle, forged } = await startJourney();

    const refused = forged.executeUpdate(journeyCommandUpdate, { args: [{ actor: lead, command: contact() }] });
    await expect(refused).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    await expect(refused).rejects.toMatchObject({
      cause: { message: expect.stringContaining('binary/refused-unencrypted') },
    });

    // The real provider, through the codec, is served at once: no workflow task is failing and being retried.
    const result = await handle.executeUpdate(journeyCommandUpdate, { args: [{ actor: lead, command: contact() }] });
    expect(result.events).toEqual([{ id: `${journeyId}:2`, seq: 2, type: 'waymark.journey.contact-recorded.v1' }]);
    expect(await handle.query(journeyStateQuery)).toMatchObject({ status: 'active', seq: 2 });

    const history = await handle.fetchHistory();
    const kinds = (history.events ?? []).map((event) => Object.keys(event).find((key) => key.endsWith('Attributes')));
    expect(kinds).not.toContain('workflowTaskFailedEventAttributes');
    expect(kinds.filter((kind) => kind === 'workflowExecutionUpdateAcceptedEventAttributes')).toHaveLength(1);
  });

  it('gives a raw client only encrypted answers: it cannot read the journey it queries', async () => {
    const { handle, forged } = await startJourney();
    await expect(forged.query(journeyStateQuery)).rejects.toThrow('Unknown encoding: binary/encrypted');
    await expect(handle.query(journeyStateQuery)).resolves.toMatchObject({ status: 'open', seq: 1 });
  });
});
