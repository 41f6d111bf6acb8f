import type { Client } from '@temporalio/client';
import { JourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_SETTINGS, JourneyCommand, JourneySettings } from '@waymark/journey-domain';
import {
  CommandResult,
  journeyCommandUpdate,
  journeyStateQuery,
  JourneyWorkflowInput,
} from '@waymark/journey-workflows';
import { temporal } from '@temporalio/proto';
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORIES_DIR, serializeHistory } from './replay-fixtures';
import { JourneyTestWorker, startJourneyWorker } from './journey-worker';

type History = temporal.api.history.v1.IHistory;
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/**
 * The journey workflow on the real Temporal dev server. Months-long journeys
 * are driven by back-dated occurredAt, since timers run from when things happened.
 * The publishing activity records what it is given, so order and content can be checked.
 */
describe('journey workflow on Temporal', () => {
  const published: JourneyEvent[] = [];
  const failOnce = new Set<string>();
  let temporal: JourneyTestWorker;
  let client: Client;
  let taskQueue: string;

  beforeAll(async () => {
    temporal = await startJourneyWorker('journeys-it', async (events) => {
      // A journey listed here finds Kafka away once: its next publication fails.
      if (failOnce.delete(events[0]?.subject ?? '')) throw new Error('Kafka is away');
      published.push(...events);
    });
    ({ client, taskQueue } = temporal);
  });

  afterAll(async () => {
    try {
      if (process.env['RECORD_HISTORIES']) await recordHistories();
    } finally {
      await temporal?.stop();
    }
  });

  /** Each test's journey, by test name, so its history can be kept as a replay fixture. */
  const journeys: { name: string; workflowId: string; firstRunId: string }[] = [];

  /**
   * Every run of each journey, following the continue-as-new chain from the first. A fixture records what the code
   * of its day did, so an existing one is never rewritten: only tests without fixtures get new ones.
   */
  async function recordHistories() {
    for (const { name, workflowId, firstRunId } of journeys) {
      let runId: string | null | undefined = firstRunId;
      for (let run = 1; runId; run++) {
        const history: History = await client.workflow.getHandle(workflowId, runId).fetchHistory();
        const file = join(HISTORIES_DIR, `${name}.run-${run}.json`);
        if (!existsSync(file)) writeFileSync(file, serializeHistory(history));
        const last: HistoryEvent | undefined = history.events?.[history.events.length - 1];
        runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      }
    }
  }

  const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
  const lead = 'council-housing';

  async function start(
    openedDaysAgo: number,
    extra: Partial<JourneyWorkflowInput> = {},
    settings: JourneySettings = DEFAULT_SETTINGS,
  ) {
    const journeyId = randomUUID();
    const input: JourneyWorkflowInput = {
      journeyId,
      settings,
      open: {
        personRef: 'case-7',
        leadProviderId: lead,
        areaCode: 'E05000001',
        ageBand: '50-64',
        occurredAt: daysAgo(openedDaysAgo),
      },
      ...extra,
    };
    const name = (expect.getState().currentTestName ?? journeyId)
      .replace(/^journey workflow on Temporal /, '')
      .replace(/[^a-z0-9]+/gi, '-');
    const handle = await client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId: `journey-${journeyId}`,
      args: [input],
    });
    journeys.push({
      name: name.toLowerCase().slice(0, 60),
      workflowId: handle.workflowId,
      firstRunId: handle.firstExecutionRunId,
    });
    const send = (command: JourneyCommand, actor = lead, updateId?: string): Promise<CommandResult> =>
      handle.executeUpdate(journeyCommandUpdate, { args: [{ actor, command }], ...(updateId ? { updateId } : {}) });
    const state = () => handle.query(journeyStateQuery);
    const eventsOf = () => published.filter((e) => e.subject === journeyId);
    return { journeyId, openedAt: input.open.occurredAt, handle, send, state, eventsOf };
  }

  const eventually = async <T>(read: () => Promise<T> | T, done: (v: T) => boolean): Promise<T> => {
    for (let i = 0; i < 150; i++) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('condition not met in 15 s');
  };

  it('applies commands in order and publishes gap-free events in that order', async () => {
    const j = await start(3);
    await j.send({
      type: 'record-contact',
      occurredAt: daysAgo(3),
      demand: 'value',
      valueKind: 'new-need',
      channel: 'phone',
      minutesSpent: 20,
    });
    await j.send({
      type: 'record-what-matters',
      occurredAt: daysAgo(2),
      items: [{ itemId: 'home', domain: 'housing', text: 'stay near school' }],
    });
    const result = await j.send({
      type: 'give-help',
      occurredAt: daysAgo(1),
      helpType: 'advocacy',
      whatMattersItemIds: ['home'],
      minutesSpent: 45,
    });
    expect(result.events).toEqual([{ id: `${j.journeyId}:4`, seq: 4, type: 'waymark.journey.help-given.v1' }]);

    const events = await eventually(j.eventsOf, (e) => e.length === 4);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events.map((e) => e.type)).toEqual([
      'waymark.journey.opened.v1',
      'waymark.journey.contact-recorded.v1',
      'waymark.journey.what-matters-recorded.v1',
      'waymark.journey.help-given.v1',
    ]);
    expect(JSON.stringify(events)).not.toContain('stay near school');
    expect(await j.state()).toMatchObject({
      status: 'active',
      seq: 4,
      whatMatters: [{ itemId: 'home', text: 'stay near school' }],
    });
  });

  const contact = (days: number): JourneyCommand => ({
    type: 'record-contact',
    occurredAt: daysAgo(days),
    demand: 'value',
    valueKind: 'progress',
    channel: 'phone',
    minutesSpent: 10,
  });
  const historyOf = async (j: { handle: { fetchHistory(): Promise<History> } }) =>
    (await j.handle.fetchHistory()).events ?? [];
  const localPublications = (events: HistoryEvent[]) =>
    events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  const durablePublications = (events: HistoryEvent[]) =>
    events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'publishJourneyEvents');

  /** The journey's timers as its history tells them. */
  const timersOf = (events: HistoryEvent[]) =>
    events.flatMap((e) =>
      e.timerStartedEventAttributes
        ? ['started']
        : e.timerFiredEventAttributes
          ? ['fired']
          : e.timerCanceledEventAttributes
            ? ['cancelled']
            : [],
    );

  it("publishes a command's events within the workflow task that accepted it, before answering", async () => {
    const j = await start(2);
    await eventually(j.eventsOf, (e) => e.length === 1);
    await j.send(contact(1));
    // No waiting: the answer comes once Kafka has the event.
    expect(j.eventsOf().map((e) => e.seq)).toEqual([1, 2]);
    const history = await historyOf(j);
    expect(durablePublications(history)).toHaveLength(0);
    expect(localPublications(history)).toHaveLength(2);
  });

  it('hands a batch to the durable activity when Kafka is away, and keeps the order', async () => {
    const j = await start(2);
    await eventually(j.eventsOf, (e) => e.length === 1);
    failOnce.add(j.journeyId);
    await j.send(contact(1)); // answered although its event could not be published within the task
    await j.send(contact(0));
    const events = await eventually(j.eventsOf, (e) => e.length === 3);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(durablePublications(await historyOf(j))).toHaveLength(1);
  });

  it('refuses a command in its validator, writing nothing to history', async () => {
    const j = await start(1);
    await expect(
      j.send(
        { type: 'close-journey', occurredAt: daysAgo(0), outcome: 'unresolved', reason: 'disengaged' },
        'someone-else',
      ),
    ).rejects.toMatchObject({ cause: { type: 'not-a-participant' } });
    const history = await j.handle.fetchHistory();
    const updates = history.events?.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes) ?? [];
    expect(updates).toHaveLength(0);
    expect((await j.state()).seq).toBe(1);
  });

  it('stalls a back-dated journey at once, from its last activity, and wakes it on new activity', async () => {
    const j = await start(100);
    const stalled = await eventually(j.eventsOf, (e) => e.some((x) => x.type === 'waymark.journey.stalled.v1'));
    const stall = stalled.find((e) => e.type === 'waymark.journey.stalled.v1');
    expect(stall?.time).toBe(new Date(Date.parse(j.openedAt) + 28 * 86_400_000).toISOString());
    expect((await j.state()).status).toBe('stalled');
    await j.send({
      type: 'record-contact',
      occurredAt: daysAgo(0),
      demand: 'failure',
      failureReason: 'chasing-progress',
      channel: 'phone',
      minutesSpent: 5,
    });
    expect((await j.state()).status).toBe('active');
  });

  it('keeps one timer while commands move the stall deadline later, and stalls when the last one says', async () => {
    // Opened 28 days less 6 s ago: it would stall in 6 s. A contact dated 3 s after the opening moves the stall on.
    const stallMs = DEFAULT_SETTINGS.stallDays * 86_400_000;
    const j = await start((stallMs - 6_000) / 86_400_000);
    const openedAt = Date.parse(j.openedAt);
    await eventually(j.eventsOf, (e) => e.length === 1); // the opening's task is done: its timer is set
    await j.send({ ...contact(0), occurredAt: new Date(openedAt + 3_000).toISOString() });
    const stalled = await eventually(j.eventsOf, (e) => e.some((x) => x.type === 'waymark.journey.stalled.v1'));
    expect(stalled.find((e) => e.type === 'waymark.journey.stalled.v1')?.time).toBe(
      new Date(openedAt + 3_000 + stallMs).toISOString(),
    );
    // No timer cancelled by the command: the first rang early and one was set for what was left.
    expect(timersOf(await historyOf(j))).toEqual(['started', 'fired', 'started', 'fired']);
  });

  it('replaces its timer when a command brings the deadline earlier, and settles then', async () => {
    // Would stall in 8 s; a resolution whose one-day follow-up ends in 2 s brings the next deadline earlier.
    const settings = { ...DEFAULT_SETTINGS, followUpDays: 1, lateRecordDays: 0 };
    const j = await start((settings.stallDays * 86_400_000 - 8_000) / 86_400_000, {}, settings);
    await eventually(j.eventsOf, (e) => e.length === 1); // the opening's task is done: its timer is set
    const closedAt = Date.now() - 86_400_000 + 2_000;
    await j.send({
      type: 'close-journey',
      occurredAt: new Date(closedAt).toISOString(),
      outcome: 'resolved',
      personConfirmed: true,
    });
    const events = await eventually(j.eventsOf, (e) =>
      e.some((x) => x.type === 'waymark.journey.resolution-sustained.v1'),
    );
    expect(events.find((e) => e.type === 'waymark.journey.resolution-sustained.v1')?.time).toBe(
      new Date(closedAt + 86_400_000).toISOString(),
    );
    expect(events.some((e) => e.type === 'waymark.journey.stalled.v1')).toBe(false);
    // In the command's task the earlier timer is set and the later one cancelled (the SDK sends them in that order).
    expect(timersOf(await historyOf(j))).toEqual(['started', 'started', 'cancelled', 'fired']);
  });

  it('settles a resolution whose follow-up window is already over as sustained, and ends', async () => {
    // No late-record allowance: the resolution is final as soon as it is recorded (the default keeps it provisional).
    const j = await start(200, {}, { ...DEFAULT_SETTINGS, lateRecordDays: 0 });
    await eventually(j.eventsOf, (e) => e.length >= 2); // opened, stalled
    await j.send({ type: 'close-journey', occurredAt: daysAgo(120), outcome: 'resolved', personConfirmed: true });
    await j.handle.result();
    const types = (
      await eventually(j.eventsOf, (e) => e.some((x) => x.type === 'waymark.journey.resolution-sustained.v1'))
    ).map((e) => e.type);
    expect(types.slice(-2)).toEqual(['waymark.journey.closed.v1', 'waymark.journey.resolution-sustained.v1']);
    expect((await j.state()).status).toBe('sustained');
  });

  it('keeps a back-dated sustained resolution provisional, and reopens it on a late contact dated in its window', async () => {
    const j = await start(200);
    await j.send({ type: 'close-journey', occurredAt: daysAgo(190), outcome: 'resolved', personConfirmed: true });
    await eventually(j.eventsOf, (e) => e.some((x) => x.type === 'waymark.journey.resolution-sustained.v1'));
    expect((await j.state()).status).toBe('sustained');
    expect((await j.handle.describe()).status.name).toBe('RUNNING');
    const late = await j.send({
      type: 'record-contact',
      occurredAt: daysAgo(150),
      demand: 'failure',
      failureReason: 'not-solved',
      channel: 'phone',
      minutesSpent: 10,
    });
    expect(late.events.map((e) => e.type)).toEqual([
      'waymark.journey.reopened.v1',
      'waymark.journey.contact-recorded.v1',
    ]);
    expect(await j.state()).toMatchObject({ status: 'stalled', reopenCount: 1, openedAt: j.openedAt });
    await j.send({ type: 'close-journey', occurredAt: daysAgo(140), outcome: 'resolved', personConfirmed: true });
    // Stalls are left out: whether the first one fires depends on whether the closure reaches the new workflow's
    // first task.
    const settled = (e: JourneyEvent[]) => e.filter((x) => x.type !== 'waymark.journey.stalled.v1');
    const types = settled(await eventually(j.eventsOf, (e) => settled(e).length === 7)).map((e) => e.type);
    expect(types).toEqual([
      'waymark.journey.opened.v1',
      'waymark.journey.closed.v1',
      'waymark.journey.resolution-sustained.v1',
      'waymark.journey.reopened.v1',
      'waymark.journey.contact-recorded.v1',
      'waymark.journey.closed.v1',
      'waymark.journey.resolution-sustained.v1',
    ]);
  });

  it('reopens a resolved journey on a contact inside the follow-up window, keeping its start', async () => {
    const j = await start(30);
    await j.send({ type: 'close-journey', occurredAt: daysAgo(10), outcome: 'resolved', personConfirmed: true });
    const result = await j.send({
      type: 'record-contact',
      occurredAt: daysAgo(1),
      demand: 'failure',
      failureReason: 'not-solved',
      channel: 'in-person',
      minutesSpent: 30,
    });
    expect(result.events.map((e) => e.type)).toEqual([
      'waymark.journey.reopened.v1',
      'waymark.journey.contact-recorded.v1',
    ]);
    expect(await j.state()).toMatchObject({ status: 'active', reopenCount: 1, openedAt: j.openedAt });
  });

  it('continues as new with its state, unpublished events and processed command ids intact', async () => {
    const j = await start(5, { historyLimit: 40 });
    const firstRun = (await j.handle.describe()).runId;
    for (let i = 0; i < 15; i++) {
      await j.send(
        { type: 'record-assessment', occurredAt: daysAgo(4), assessmentType: 'needs', minutesSpent: i },
        lead,
        `cmd-${i}`,
      );
    }
    const laterRun = await eventually(
      async () => (await j.handle.describe()).runId,
      (runId) => runId !== firstRun,
    );
    expect(laterRun).not.toBe(firstRun);
    const again = await j.send(
      { type: 'record-assessment', occurredAt: daysAgo(4), assessmentType: 'needs', minutesSpent: 0 },
      lead,
      'cmd-0',
    );
    expect(again.events[0]?.seq).toBe(2); // the first answer, not a new event
    expect((await j.state()).seq).toBe(16);
    const events = await eventually(j.eventsOf, (e) => e.length === 16);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });
});
