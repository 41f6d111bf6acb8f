import type { Client } from '@temporalio/client';
import type { JourneyEvent } from '@waymark/event-contracts';
import { JourneyHistory } from '@waymark/journey-client';
import { DEFAULT_SETTINGS, JourneyCommand } from '@waymark/journey-domain';
import { journeyCommandUpdate, journeyStateQuery, JourneyWorkflowInput } from '@waymark/journey-workflows';
import { AesGcmPayloadCodec, parsePayloadKeys } from '@waymark/payload-codec';
import { randomUUID } from 'node:crypto';
import { JourneyTestWorker, startJourneyWorker } from './journey-worker';

/**
 * Reading what journey workflows published back from their Temporal histories (the repair's source, decision 0010):
 * the real dev server, payloads encrypted as in production, runs chained by continue-as-new.
 */
describe('journey history on Temporal', () => {
  // The stack's own keys: the journeys stay readable by ops-cli in the shared namespace.
  const codec = new AesGcmPayloadCodec(
    parsePayloadKeys(process.env['WAYMARK_PAYLOAD_KEYS'] ?? '', process.env['WAYMARK_PAYLOAD_ACTIVE_KEY'] ?? ''),
  );
  const published: JourneyEvent[] = [];
  let temporal: JourneyTestWorker;
  let client: Client;
  let taskQueue: string;
  let history: JourneyHistory;

  beforeAll(async () => {
    const publish = async (events: JourneyEvent[]) => void published.push(...events);
    temporal = await startJourneyWorker('journeys-history-it', publish, { payloadCodecs: [codec] });
    ({ client, taskQueue } = temporal);
    history = new JourneyHistory(client);
  });

  afterAll(() => temporal?.stop());

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const lead = 'council-housing';

  async function eventually<T>(read: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let value = await read();
    while (!done(value) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      value = await read();
    }
    if (!done(value)) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    return value;
  }

  /**
   * A journey of assessments that continues as new (history over ~40 events) after `before` commands, then takes
   * `after` more in its new run; resolves once every event is published.
   */
  async function journeyWithRuns(before: number, after = 0) {
    const journeyId = randomUUID();
    const input: JourneyWorkflowInput = {
      journeyId,
      settings: DEFAULT_SETTINGS,
      open: {
        personRef: 'case-9',
        leadProviderId: lead,
        areaCode: 'E05000001',
        ageBand: '50-64',
        occurredAt: daysAgo(5),
      },
      historyLimit: 40,
    };
    const handle = await client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey-${journeyId}`,
      args: [input],
    });
    const assess = async (i: number) => {
      const command: JourneyCommand = {
        type: 'record-assessment',
        occurredAt: daysAgo(4),
        assessmentType: 'needs',
        minutesSpent: i,
      };
      await handle.executeUpdate(journeyCommandUpdate, { args: [{ actor: lead, command }] });
    };
    for (let i = 0; i < before; i++) await assess(i);
    const firstRunId = handle.firstExecutionRunId;
    // Continue-as-new waits for a quiet moment (no update in flight, nothing being published).
    if (before >= 15)
      await eventually(
        async () => (await handle.describe()).runId,
        (runId) => runId !== firstRunId,
      );
    for (let i = 0; i < after; i++) await assess(before + i);
    const seq = (await handle.query(journeyStateQuery)).seq;
    const mine = () => published.filter((e) => e.subject === journeyId);
    await eventually(mine, (events) => events.length >= seq);
    return { journeyId, handle, firstRunId, seq, events: mine() };
  }

  it('reads every event a journey published, across the runs continue-as-new chained, decrypted', async () => {
    const j = await journeyWithRuns(15, 3);
    const read = await history.published(j.journeyId);
    expect(read?.events.map((p) => p.event)).toEqual(j.events);
    expect(read).toMatchObject({ journeyId: j.journeyId, publishedThrough: j.seq, beyondRetention: null });
    for (const { publishedAt } of read?.events ?? []) expect(publishedAt.getTime()).toBeLessThanOrEqual(Date.now());

    const tail = await history.published(j.journeyId, j.seq - 2);
    expect(tail?.events.map((p) => p.event.seq)).toEqual([j.seq - 2, j.seq - 1, j.seq]);
    expect(await history.published(randomUUID())).toBeNull();
  });

  it('says which seqs only runs already deleted (as retention does) had published', async () => {
    const j = await journeyWithRuns(15, 3);
    await client.workflowService.deleteWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId: j.handle.workflowId, runId: j.firstRunId },
    });
    // The dev server deletes in the background, within about half a minute.
    const read = await eventually(
      () => history.published(j.journeyId),
      (r) => r?.beyondRetention !== null,
      90_000,
    );
    const firstReadable = read?.events[0]?.event.seq ?? 0;
    // The later runs published at least the last three; where the first run ended depends on its history's length.
    expect(firstReadable).toBeGreaterThan(1);
    expect(firstReadable).toBeLessThanOrEqual(j.seq - 2);
    expect(read?.beyondRetention).toEqual({ from: 1, to: firstReadable - 1 });
    expect(read?.events.map((p) => p.event)).toEqual(j.events.slice(firstReadable - 1));
    // Asked only from a seq the retained runs hold, nothing is beyond reach.
    expect((await history.published(j.journeyId, firstReadable))?.beyondRetention).toBeNull();
  }, 150_000);

  it('lists journeys, and with a date only those running or closed since', async () => {
    const j = await journeyWithRuns(1);
    const listed = async (since?: Date) => {
      const ids: string[] = [];
      for await (const page of history.journeyIds({ ...(since ? { since } : {}), pageSize: 100 })) ids.push(...page);
      return ids;
    };
    // Visibility catches up with a moment's delay; a running journey is listed once, whatever the date.
    await eventually(listed, (ids) => ids.includes(j.journeyId));
    expect((await listed()).filter((id) => id === j.journeyId)).toHaveLength(1);
    expect(await listed(new Date(Date.now() + 86_400_000))).toContain(j.journeyId);

    await j.handle.terminate('closed for the test');
    await eventually(
      () => listed(new Date(Date.now() + 86_400_000)),
      (ids) => !ids.includes(j.journeyId),
    );
    expect(await listed(new Date(Date.now() - 3_600_000))).toContain(j.journeyId);
  });

  it('knows the namespace retention', async () => {
    expect(await history.retentionMs()).toBeGreaterThan(0);
  });
});
