import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { randomBytes } from 'node:crypto';
import { AesGcmPayloadCodec } from './aes-gcm-payload-codec';
import { payloadKeyIdsOf, PayloadKeyUsage, UNENCRYPTED, UNLABELLED } from './key-usage';

const keys = { old: randomBytes(32), new: randomBytes(32) };
const under = (activeKeyId: 'old' | 'new') => new AesGcmPayloadCodec({ activeKeyId, keys });
const plain = (value: unknown) => defaultPayloadConverter.toPayload(value) as Payload;

/** A history as Temporal returns it: a start with input, header and search attributes, an activity, an Update. */
async function history({ startedWith, laterWith }: { startedWith: 'old' | 'new'; laterWith: 'old' | 'new' }) {
  const [input] = await under(startedWith).encode([plain({ personRef: 'Jane Smith' })]);
  const [activityInput, result] = await under(laterWith).encode([plain(['event']), plain({ ok: true })]);
  return temporal.api.history.v1.History.fromObject({
    events: [
      {
        eventId: 1,
        workflowExecutionStartedEventAttributes: {
          input: { payloads: [input] },
          header: { fields: { traceparent: plain('00-abc-def-01') } },
          searchAttributes: { indexedFields: { WaymarkJourneyStatus: plain('open') } },
        },
      },
      { eventId: 2, activityTaskScheduledEventAttributes: { input: { payloads: [activityInput] } } },
      { eventId: 3, activityTaskCompletedEventAttributes: { scheduledEventId: 2, result: { payloads: [result] } } },
    ],
  });
}

describe('payloadKeyIdsOf', () => {
  it('counts every encrypted payload by its key id, headers and search attributes aside', async () => {
    expect(await payloadKeyIdsOf(await history({ startedWith: 'new', laterWith: 'new' }))).toEqual(
      new Map([['new', 3]]),
    );
    expect(await payloadKeyIdsOf(await history({ startedWith: 'old', laterWith: 'new' }))).toEqual(
      new Map([
        ['old', 1],
        ['new', 2],
      ]),
    );
  });

  it("counts a local activity's encrypted result, not the markers' plain bookkeeping of the SDK core", async () => {
    const [result] = await under('new').encode([plain(['event'])]);
    const marker = (details: Record<string, { payloads: Payload[] }>) => ({
      markerRecordedEventAttributes: { details },
    });
    const counts = await payloadKeyIdsOf(
      temporal.api.history.v1.History.fromObject({
        events: [
          marker({ 'patch-data': { payloads: [plain({ id: 'a-patch' })] } }),
          marker({ data: { payloads: [plain({ activity_type: 'publish' })] }, result: { payloads: [result] } }),
        ],
      }),
    );
    expect(counts).toEqual(new Map([['new', 1]]));
  });

  it('counts unencrypted payloads and bad key id labels without echoing them', async () => {
    const [encrypted] = await under('old').encode([plain(1)]);
    const relabelled = { ...encrypted, metadata: { ...encrypted.metadata, 'encryption-key-id': Buffer.from('k 1\n') } };
    const counts = await payloadKeyIdsOf(
      temporal.api.history.v1.History.fromObject({
        events: [{ workflowExecutionStartedEventAttributes: { input: { payloads: [plain('x'), relabelled] } } }],
      }),
    );
    expect(counts).toEqual(
      new Map([
        [UNENCRYPTED, 1],
        [UNLABELLED, 1],
      ]),
    );
  });
});

describe('PayloadKeyUsage', () => {
  const usage = new PayloadKeyUsage();
  usage.add('j1', new Map([['old', 4]]));
  usage.add('j1', new Map([['old', 1]])); // a later run of the same journey
  usage.add('j2', new Map([['new', 2]]));
  usage.add('j3', new Map([['gone', 3]]));
  usage.add('j4', new Map([[UNENCRYPTED, 1]]));

  it('gives payloads and journeys per key id, and names the journeys the ring cannot read', () => {
    expect(usage.report({ activeKeyId: 'new', keyIds: ['new', 'old', 'spare'] })).toEqual([
      { keyId: 'new', standing: 'active', payloads: 2, owners: 1 },
      { keyId: 'old', standing: 'listed', payloads: 5, owners: 1 },
      { keyId: 'spare', standing: 'listed', payloads: 0, owners: 0 },
      { keyId: 'gone', standing: 'not listed', payloads: 3, owners: 1, unreadableBy: ['j3'] },
      { keyId: UNENCRYPTED, standing: 'unencrypted', payloads: 1, owners: 1, unreadableBy: ['j4'] },
    ]);
  });

  it('shows the active key even when nothing used it yet', () => {
    expect(new PayloadKeyUsage().report({ activeKeyId: 'k9', keyIds: ['k9'] })).toEqual([
      { keyId: 'k9', standing: 'active', payloads: 0, owners: 0 },
    ]);
  });
});
