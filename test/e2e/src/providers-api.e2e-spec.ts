import type { Problem } from '@waymark/http';
import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import {
  ensureTemporalNamespace,
  eventually,
  issueKey,
  json,
  keyIdOf,
  providerClient,
  publishedEventsOf,
  revokeKey,
  RunningService,
  sleep,
  startService,
  testPort,
} from '@waymark/test-support';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * The providers' API as a provider's case system meets it: every endpoint, who may see what, idempotent retries
 * across restarts, hostile input, rate limits and the published contract. The built journey-api and journey-worker
 * run as processes against the real PostgreSQL, Temporal and Kafka.
 *
 * Our services run in a Temporal namespace of their own: the journey-slice suite's worker (which may be running at
 * the same time) polls the same task queue in the stack's namespace, and would otherwise serve our commands while
 * our worker is deliberately stopped. Provider ids are fresh on every run, so counts and lists start empty.
 */

const NAMESPACE = 'waymark-e2e-providers';
const env = { TEMPORAL_NAMESPACE: NAMESPACE };
const logDir = join(__dirname, '../../../tmp/e2e-logs/providers-api');
const PORTS = { api: testPort(3110), worker: testPort(3112), limitedApi: testPort(3113) };

const run = randomBytes(3).toString('hex');
const PROVIDERS = {
  lead: `e2e-lead-${run}`,
  helper: `e2e-helper-${run}`,
  next: `e2e-next-${run}`,
  stranger: `e2e-stranger-${run}`,
  lister: `e2e-lister-${run}`,
  hostile: `e2e-hostile-${run}`,
  limited: `e2e-limited-${run}`,
  unlimited: `e2e-unlimited-${run}`,
  bulky: `e2e-bulky-${run}`,
  flooder: `e2e-flooder-${run}`,
};
type Role = keyof typeof PROVIDERS;

const COMMAND_ROUTES = [
  'contacts',
  'what-matters',
  'assessments',
  'help',
  'progress-ratings',
  'involvements',
  'hand-offs',
  'hand-off-acceptances',
  'hand-off-declines',
  'closures',
];

const EVENT = {
  contact: 'waymark.journey.contact-recorded.v1',
  whatMatters: 'waymark.journey.what-matters-recorded.v1',
  assessment: 'waymark.journey.assessment-recorded.v1',
  help: 'waymark.journey.help-given.v1',
  progress: 'waymark.journey.progress-rated.v1',
  involved: 'waymark.journey.provider-involved.v1',
  handOffRequested: 'waymark.journey.hand-off-requested.v1',
  handOffAccepted: 'waymark.journey.hand-off-accepted.v1',
  handOffDeclined: 'waymark.journey.hand-off-declined.v1',
  closed: 'waymark.journey.closed.v1',
  reopened: 'waymark.journey.reopened.v1',
};

interface Journey {
  journeyId: string;
  personRef: string;
  status: string;
  leadProviderId: string;
  involvedProviderIds: string[];
  areaCode: string;
  ageBand: string;
  openedAt: string;
  lastActivityAt: string;
  closure?: { outcome: string; closedAt: string; followUpEndsAt?: string; reason?: string };
  pendingHandOff?: { handOffId: string; fromProviderId: string; toProviderId: string; requestedAt: string };
  whatMatters: { itemId: string; domain: string; text?: string; recordedAt: string }[];
  helpNotes: { seq: number; description: string }[];
  reopenCount: number;
  seq: number;
}

interface Answer {
  journeyId: string;
  events: { id: string; seq: number; type: string }[];
  handOffId?: string;
}

interface Page {
  journeys: { journeyId: string; status: string; startedAt: string }[];
  nextPageToken?: string;
}

type Client = ReturnType<typeof providerClient>;

/** An ISO instant this many minutes ago: recent, so nothing stalls, and never in the future. */
const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const DAY_MS = 24 * 60 * 60 * 1000;

const openBody = (personRef: string, minutesAgo = 180) => ({
  personRef,
  areaCode: 'E05000001',
  ageBand: '35-49',
  occurredAt: ago(minutesAgo),
});
const valueContact = (minutesAgo = 60) => ({
  occurredAt: ago(minutesAgo),
  channel: 'phone',
  minutesSpent: 15,
  demand: 'value',
  valueKind: 'new-need',
});

/** The response's status and body together, so a failed expectation shows what came back. */
async function answer<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  return JSON.parse(text) as T;
}

/** An RFC 9457 problem response with this status; returns its body. */
async function problem(response: Response, status: number): Promise<Problem> {
  const body = await answer<Problem>(response, status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  return body;
}

/** A 404 with the parts that do not depend on the URL: what it tells the caller. */
const withoutInstance = ({ instance, ...rest }: Problem) => {
  expect(instance).toEqual(expect.any(String));
  return rest;
};

const events = (journeyId: string, firstSeq: number, ...types: string[]) =>
  types.map((type, i) => ({ id: `${journeyId}:${firstSeq + i}`, seq: firstSeq + i, type }));

async function open(client: Client, personRef: string, minutesAgo?: number): Promise<Journey> {
  return answer<Journey>(await client.post('/v1/journeys', openBody(personRef, minutesAgo)), 201);
}

async function command(client: Client, journeyId: string, route: string, body: unknown): Promise<Answer> {
  return answer<Answer>(await client.post(`/v1/journeys/${journeyId}/${route}`, body), 201);
}

async function view(client: Client, journeyId: string): Promise<Journey> {
  return answer<Journey>(await client.get(`/v1/journeys/${journeyId}`), 200);
}

/** Every journey id the caller may list (all pages), optionally of one status. */
async function listed(client: Client, status?: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const query = new URLSearchParams({
      pageSize: '100',
      ...(status ? { status } : {}),
      ...(token ? { pageToken: token } : {}),
    });
    const page = await answer<Page>(await client.get(`/v1/journeys?${query}`), 200);
    ids.push(...page.journeys.map((j) => j.journeyId));
    token = page.nextPageToken;
  } while (token);
  return ids;
}

/** Runs `use` on a connection to the stack's database, the one journey-api keeps its records in. */
async function withDatabase<T>(use: (db: DataSource) => Promise<T>): Promise<T> {
  const db = await new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] }).initialize();
  try {
    return await use(db);
  } finally {
    await db.destroy();
  }
}

const sameIds = (actual: string[], expected: string[]) =>
  actual.length === expected.length && expected.every((id) => actual.includes(id));

describe('providers’ API, end to end', () => {
  let api: RunningService | undefined;
  let worker: RunningService | undefined;
  const keys = {} as Record<Role, string>;
  const clients = {} as Record<Role, Client>;
  const apiUrl = `http://127.0.0.1:${PORTS.api}`;

  // A restarted service logs beside the first one's log rather than over it.
  const startApi = (dir = logDir) => startService('journey-api', PORTS.api, env, { logDir: dir });
  const startWorker = (dir = logDir) => startService('journey-worker', PORTS.worker, env, { logDir: dir });

  beforeAll(async () => {
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    // Keys first: issuing one blocks this process, and a socket left idle past the server's keep-alive while
    // blocked is closed under the next request.
    for (const [role, providerId] of Object.entries(PROVIDERS) as [Role, string][]) {
      keys[role] = issueKey(providerId);
      clients[role] = providerClient(apiUrl, keys[role]);
    }
    // If one fails to start, the other must still be stopped by afterAll, or it would keep Jest running.
    const [started, startedApi] = await Promise.allSettled([startWorker(), startApi()]);
    if (started.status === 'fulfilled') worker = started.value;
    if (startedApi.status === 'fulfilled') api = startedApi.value;
    for (const outcome of [started, startedApi]) if (outcome.status === 'rejected') throw outcome.reason;
  });

  afterAll(async () => {
    const codes = await Promise.all([api, worker].map((service) => service?.stop()));
    expect(codes).toEqual([0, 0]); // both shut down cleanly on SIGTERM
  });

  describe('every endpoint on its happy path', () => {
    let journey: Journey; // led by `lead`, then handed to `next`

    it('opens a journey: 201, Location names it, and GET there reads it back', async () => {
      const body = openBody('case-happy-1', 240);
      const response = await clients.lead.post('/v1/journeys', body);
      journey = await answer<Journey>(response, 201);
      expect(journey).toEqual({
        journeyId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
        personRef: 'case-happy-1',
        status: 'open',
        leadProviderId: PROVIDERS.lead,
        involvedProviderIds: [],
        areaCode: 'E05000001',
        ageBand: '35-49',
        openedAt: body.occurredAt,
        lastActivityAt: body.occurredAt,
        whatMatters: [],
        helpNotes: [],
        reopenCount: 0,
        seq: 1,
      });
      const location = response.headers.get('location') ?? '';
      expect(location).toBe(`/v1/journeys/${journey.journeyId}`);
      expect(await answer<Journey>(await clients.lead.get(location), 200)).toEqual(journey);
    });

    it('records contacts, what matters, an assessment, help and progress ratings, each 201 with its events', async () => {
      const id = journey.journeyId;
      expect(await command(clients.lead, id, 'contacts', valueContact(230))).toEqual({
        journeyId: id,
        events: events(id, 2, EVENT.contact),
      });
      const failure = {
        occurredAt: ago(225),
        channel: 'in-person',
        minutesSpent: 20,
        demand: 'failure',
        failureReason: 'chasing-progress',
      };
      expect((await command(clients.lead, id, 'contacts', failure)).events).toEqual(events(id, 3, EVENT.contact));

      const whatMattersAt = ago(220);
      const whatMatters = {
        occurredAt: whatMattersAt,
        items: [
          { itemId: 'home', domain: 'housing', text: 'Somewhere safe for the children' },
          { itemId: 'debts', domain: 'money' },
        ],
      };
      expect((await command(clients.lead, id, 'what-matters', whatMatters)).events).toEqual(
        events(id, 4, EVENT.whatMatters),
      );
      const assessment = { occurredAt: ago(215), assessmentType: 'needs', minutesSpent: 45 };
      expect((await command(clients.lead, id, 'assessments', assessment)).events).toEqual(
        events(id, 5, EVENT.assessment),
      );
      const help = {
        occurredAt: ago(210),
        helpType: 'advocacy',
        whatMattersItemIds: ['home'],
        minutesSpent: 30,
        description: 'Called the landlord about repairs',
      };
      expect((await command(clients.lead, id, 'help', help)).events).toEqual(events(id, 6, EVENT.help));
      const overall = { occurredAt: ago(205), rating: 3 };
      expect((await command(clients.lead, id, 'progress-ratings', overall)).events).toEqual(
        events(id, 7, EVENT.progress),
      );
      const lastAt = ago(200);
      const perItem = { occurredAt: lastAt, rating: 6, whatMattersItemId: 'home' };
      expect((await command(clients.lead, id, 'progress-ratings', perItem)).events).toEqual(
        events(id, 8, EVENT.progress),
      );

      expect(await view(clients.lead, id)).toMatchObject({
        status: 'active',
        seq: 8,
        lastActivityAt: lastAt,
        whatMatters: [
          { itemId: 'home', domain: 'housing', text: 'Somewhere safe for the children', recordedAt: whatMattersAt },
          { itemId: 'debts', domain: 'money', recordedAt: whatMattersAt },
        ],
        helpNotes: [{ seq: 6, description: 'Called the landlord about repairs' }],
      });
    });

    it('involves another provider, then hands the journey off: declined once, then accepted', async () => {
      const id = journey.journeyId;
      const involved = await command(clients.lead, id, 'involvements', {
        occurredAt: ago(195),
        providerId: PROVIDERS.helper,
      });
      expect(involved.events).toEqual(events(id, 9, EVENT.involved));
      expect(await view(clients.lead, id)).toMatchObject({ involvedProviderIds: [PROVIDERS.helper] });

      const requestedAt = ago(190);
      const first = await command(clients.lead, id, 'hand-offs', {
        occurredAt: requestedAt,
        toProviderId: PROVIDERS.next,
      });
      expect(first).toEqual({ journeyId: id, events: events(id, 10, EVENT.handOffRequested), handOffId: 'handoff-10' });
      expect((await view(clients.lead, id)).pendingHandOff).toEqual({
        handOffId: 'handoff-10',
        fromProviderId: PROVIDERS.lead,
        toProviderId: PROVIDERS.next,
        requestedAt,
      });
      const declined = await command(clients.next, id, 'hand-off-declines', {
        occurredAt: ago(185),
        handOffId: 'handoff-10',
        reason: 'no-capacity',
      });
      expect(declined.events).toEqual(events(id, 11, EVENT.handOffDeclined));
      const afterDecline = await view(clients.lead, id);
      expect(afterDecline.pendingHandOff).toBeUndefined();
      expect(afterDecline.leadProviderId).toBe(PROVIDERS.lead);

      const second = await command(clients.lead, id, 'hand-offs', {
        occurredAt: ago(180),
        toProviderId: PROVIDERS.next,
      });
      expect(second.handOffId).toBe('handoff-12');
      const accepted = await command(clients.next, id, 'hand-off-acceptances', {
        occurredAt: ago(175),
        handOffId: 'handoff-12',
      });
      expect(accepted.events).toEqual(events(id, 13, EVENT.handOffAccepted));

      const state = await view(clients.next, id);
      expect(state).toMatchObject({ leadProviderId: PROVIDERS.next, involvedProviderIds: [PROVIDERS.helper], seq: 13 });
      expect(state.pendingHandOff).toBeUndefined();
    });

    it('closes resolved with the person’s confirmation, and a later contact reopens it as a re-presentation', async () => {
      const id = journey.journeyId;
      const closedAt = ago(170);
      const closed = await command(clients.next, id, 'closures', {
        occurredAt: closedAt,
        outcome: 'resolved',
        personConfirmed: true,
      });
      expect(closed.events).toEqual(events(id, 14, EVENT.closed));
      const followUpEndsAt = new Date(Date.parse(closedAt) + 90 * DAY_MS).toISOString(); // the default window
      expect(await view(clients.next, id)).toMatchObject({
        status: 'closed',
        closure: { outcome: 'resolved', closedAt, followUpEndsAt },
      });

      const returned = await command(clients.next, id, 'contacts', {
        ...valueContact(10),
        demand: 'failure',
        failureReason: 'not-solved',
        valueKind: undefined,
      });
      expect(returned.events).toEqual(events(id, 15, EVENT.reopened, EVENT.contact));
      const reopened = await view(clients.next, id);
      expect(reopened).toMatchObject({ status: 'active', reopenCount: 1, openedAt: journey.openedAt, seq: 16 });
      expect(reopened.closure).toBeUndefined();
    });

    it('closes unresolved with a reason, which ends the journey', async () => {
      const other = await open(clients.lead, 'case-happy-2', 60);
      const id = other.journeyId;
      const closedAt = ago(30);
      const closed = await command(clients.lead, id, 'closures', {
        occurredAt: closedAt,
        outcome: 'unresolved',
        reason: 'disengaged',
      });
      expect(closed.events).toEqual(events(id, 2, EVENT.closed));
      expect(await view(clients.lead, id)).toMatchObject({
        status: 'closed',
        closure: { outcome: 'unresolved', closedAt, reason: 'disengaged' },
        seq: 2,
      });
      const late = await problem(await clients.lead.post(`/v1/journeys/${id}/contacts`, valueContact(5)), 409);
      expect(late.rule).toBe('journey-ended');
      // An ended journey still tells a stranger nothing.
      const stranger = await problem(await clients.stranger.post(`/v1/journeys/${id}/contacts`, valueContact(5)), 404);
      expect(stranger).toMatchObject({ type: '/problems/not-found', detail: 'no such journey' });
    });

    it('keeps a back-dated resolution provisional: a late contact dated in its window reopens it', async () => {
      const loaded = await open(clients.lead, 'case-history-1', 200 * 1440);
      const id = loaded.journeyId;
      const closedAt = ago(190 * 1440);
      await command(clients.lead, id, 'closures', { occurredAt: closedAt, outcome: 'resolved', personConfirmed: true });
      // The window (90 days) passed long ago: sustained at once, but the journey still takes late records.
      await eventually(
        () => view(clients.lead, id),
        (v) => v.status === 'sustained',
      );
      const late = await command(clients.lead, id, 'contacts', {
        ...valueContact(150 * 1440),
        demand: 'failure',
        failureReason: 'not-solved',
        valueKind: undefined,
      });
      expect(late.events.map((e) => e.type)).toEqual([EVENT.reopened, EVENT.contact]);
      expect(await view(clients.lead, id)).toMatchObject({ reopenCount: 1, openedAt: loaded.openedAt });
      // Dated after the window: that belongs to a new journey.
      const close = { occurredAt: ago(140 * 1440), outcome: 'resolved', personConfirmed: true };
      await command(clients.lead, id, 'closures', close);
      await eventually(
        () => view(clients.lead, id),
        (v) => v.status === 'sustained',
      );
      const after = await problem(await clients.lead.post(`/v1/journeys/${id}/contacts`, valueContact(40 * 1440)), 409);
      expect(after).toMatchObject({ rule: 'journey-ended', detail: expect.stringMatching(/new journey/) });
    });

    it('answers commands racing the journey’s end with 409 journey-ended, never a 404, to its lead', async () => {
      // After an unresolved closure the workflow publishes its last event and finishes. Commands sent over that
      // moment (a burst, 10 ms apart) were once told the journey did not exist.
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const racing = await open(clients.lead, `case-race-${i}`, 60);
        const closure = { occurredAt: ago(30), outcome: 'unresolved', reason: 'declined' };
        await command(clients.lead, racing.journeyId, 'closures', closure);
        const burst = Array.from({ length: 10 }, async (_, n) => {
          await sleep(n * 10);
          const late = await clients.lead.post(`/v1/journeys/${racing.journeyId}/contacts`, valueContact(5));
          return `${late.status} ${(await json<Problem>(late)).rule}`;
        });
        outcomes.push(...(await Promise.all(burst)));
      }
      expect(outcomes).toEqual(outcomes.map(() => '409 journey-ended'));
    });

    it('lists the caller’s journeys, filtered by status and a page at a time', async () => {
      const client = clients.lister;
      const stillOpen = await open(client, 'case-list-1', 90);
      const active = await open(client, 'case-list-2', 80);
      await command(client, active.journeyId, 'contacts', valueContact(70));
      const closed = await open(client, 'case-list-3', 60);
      await command(client, closed.journeyId, 'closures', {
        occurredAt: ago(50),
        outcome: 'unresolved',
        reason: 'moved-away',
      });
      const all = [stillOpen.journeyId, active.journeyId, closed.journeyId];

      // Temporal's visibility store catches up a moment after each change.
      await eventually(
        () => listed(client, 'open'),
        (ids) => sameIds(ids, [stillOpen.journeyId]),
      );
      await eventually(
        () => listed(client, 'active'),
        (ids) => sameIds(ids, [active.journeyId]),
      );
      await eventually(
        () => listed(client, 'closed'),
        (ids) => sameIds(ids, [closed.journeyId]),
      );
      expect(await listed(client, 'stalled')).toEqual([]);
      expect((await listed(client)).sort()).toEqual([...all].sort());

      const first = await answer<Page>(await client.get('/v1/journeys?pageSize=1'), 200);
      expect(first.journeys).toEqual([
        { journeyId: expect.any(String), status: expect.any(String), startedAt: expect.any(String) },
      ]);
      expect(first.nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/);
      const second = await answer<Page>(
        await client.get(`/v1/journeys?pageSize=1&pageToken=${first.nextPageToken}`),
        200,
      );
      expect(second.journeys).toHaveLength(1);
      expect(second.nextPageToken).toMatch(/^[A-Za-z0-9_-]+$/);
      const third = await answer<Page>(
        await client.get(`/v1/journeys?pageSize=1&pageToken=${second.nextPageToken}`),
        200,
      );
      expect(third.journeys).toHaveLength(1);
      const paged = [first, second, third].map((page) => page.journeys[0]?.journeyId ?? '');
      expect(new Set(paged).size).toBe(3);
      expect([...paged].sort()).toEqual([...all].sort());
    });
  });

  describe('who may see and change what', () => {
    let shared: Journey; // led by `lead`; `helper` is involved later; then handed to `next`

    beforeAll(async () => {
      shared = await open(clients.lead, 'case-access-1', 120);
    });

    it('gives a provider with no part in a journey a 404 for reading or commanding it, the same as for none at all', async () => {
      const id = shared.journeyId;
      const absent = randomUUID();
      const readOther = await problem(await clients.stranger.get(`/v1/journeys/${id}`), 404);
      const readNone = await problem(await clients.stranger.get(`/v1/journeys/${absent}`), 404);
      expect(withoutInstance(readOther)).toEqual(withoutInstance(readNone));
      expect(readOther).toEqual({
        type: '/problems/not-found',
        title: 'Not found',
        status: 404,
        detail: 'no such journey',
        instance: `/v1/journeys/${id}`,
      });

      const commandOther = await problem(
        await clients.stranger.post(`/v1/journeys/${id}/contacts`, valueContact(100)),
        404,
      );
      const commandNone = await problem(
        await clients.stranger.post(`/v1/journeys/${absent}/contacts`, valueContact(100)),
        404,
      );
      expect(withoutInstance(commandOther)).toEqual(withoutInstance(commandNone));
      expect(withoutInstance(commandOther)).toEqual(withoutInstance(readNone));
      const closeOther = await clients.stranger.post(`/v1/journeys/${id}/closures`, {
        occurredAt: ago(100),
        outcome: 'unresolved',
        reason: 'other',
      });
      expect(withoutInstance(await problem(closeOther, 404))).toEqual(withoutInstance(readNone));

      // Once the lead can list it, the stranger's list must not show it.
      await eventually(
        () => listed(clients.lead),
        (ids) => ids.includes(id),
      );
      expect(await listed(clients.stranger)).not.toContain(id);
      expect((await view(clients.lead, id)).seq).toBe(1); // the stranger changed nothing
    });

    it('lets an involved provider read it and record a contact, but not close it (409 lead-only)', async () => {
      const id = shared.journeyId;
      await command(clients.lead, id, 'involvements', { occurredAt: ago(110), providerId: PROVIDERS.helper });
      expect(await view(clients.helper, id)).toMatchObject({
        leadProviderId: PROVIDERS.lead,
        involvedProviderIds: [PROVIDERS.helper],
      });
      const contact = await command(clients.helper, id, 'contacts', valueContact(105));
      expect(contact.events).toEqual(events(id, 3, EVENT.contact));

      const close = await clients.helper.post(`/v1/journeys/${id}/closures`, {
        occurredAt: ago(100),
        outcome: 'resolved',
        personConfirmed: true,
      });
      expect(await problem(close, 409)).toMatchObject({ type: '/problems/state-conflict', rule: 'lead-only' });
      const handOff = await clients.helper.post(`/v1/journeys/${id}/hand-offs`, {
        occurredAt: ago(100),
        toProviderId: PROVIDERS.helper,
      });
      expect((await problem(handOff, 409)).rule).toBe('lead-only');
      expect(await view(clients.lead, id)).toMatchObject({ status: 'active', seq: 3 });
      await eventually(
        () => listed(clients.helper),
        (ids) => ids.includes(id),
      );
    });

    it('lets a pending hand-off’s recipient read and accept it; the old lead then gets 404 and no longer lists it', async () => {
      const id = shared.journeyId;
      const { handOffId } = await command(clients.lead, id, 'hand-offs', {
        occurredAt: ago(95),
        toProviderId: PROVIDERS.next,
      });
      expect(await view(clients.next, id)).toMatchObject({
        leadProviderId: PROVIDERS.lead,
        pendingHandOff: { handOffId, toProviderId: PROVIDERS.next },
      });
      await eventually(
        () => listed(clients.next),
        (ids) => ids.includes(id),
      );
      // Until it accepts, the recipient takes no part in the work.
      const early = await clients.next.post(`/v1/journeys/${id}/contacts`, valueContact(92));
      expect((await problem(early, 409)).rule).toBe('not-permitted');
      // Nobody but the recipient may answer it, not even the lead.
      const byLead = await clients.lead.post(`/v1/journeys/${id}/hand-off-acceptances`, {
        occurredAt: ago(91),
        handOffId,
      });
      expect((await problem(byLead, 409)).rule).toBe('not-hand-off-recipient');

      await command(clients.next, id, 'hand-off-acceptances', { occurredAt: ago(90), handOffId });
      expect((await view(clients.next, id)).leadProviderId).toBe(PROVIDERS.next);
      const gone = await problem(await clients.lead.get(`/v1/journeys/${id}`), 404);
      expect(withoutInstance(gone)).toEqual(
        withoutInstance(await problem(await clients.lead.get(`/v1/journeys/${randomUUID()}`), 404)),
      );
      expect(
        (await problem(await clients.lead.post(`/v1/journeys/${id}/contacts`, valueContact(85)), 404)).detail,
      ).toBe('no such journey');
      await eventually(
        () => listed(clients.lead),
        (ids) => !ids.includes(id),
      );
      expect(await view(clients.helper, id)).toMatchObject({ involvedProviderIds: [PROVIDERS.helper] }); // still involved
      expect((await problem(await clients.stranger.get(`/v1/journeys/${id}`), 404)).status).toBe(404);
    });

    it('accepts the key in X-API-Key as well as a Bearer token', async () => {
      const response = await fetch(`${apiUrl}/v1/journeys/${shared.journeyId}`, {
        headers: { 'x-api-key': keys.next },
      });
      expect((await answer<Journey>(response, 200)).journeyId).toBe(shared.journeyId);
    });

    const revokedKey = () => {
      const key = issueKey(`e2e-revoked-${run}`);
      revokeKey(keyIdOf(key)); // before its first use, so no process has it cached
      return key;
    };
    const unknownKey = `wmk_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    it.each([
      { what: 'no key at all', headers: (): Record<string, string> => ({}), challenge: 'Bearer realm="waymark"' },
      {
        what: 'a Basic credential',
        headers: () => ({ authorization: 'Basic ZTJlOnNlY3JldA==' }),
        challenge: 'Bearer realm="waymark"',
      },
      {
        what: 'a malformed key',
        headers: () => ({ authorization: 'Bearer not-a-key' }),
        challenge: 'Bearer realm="waymark", error="invalid_token"',
      },
      {
        what: 'a well-formed but unknown key',
        headers: () => ({ authorization: `Bearer ${unknownKey}` }),
        challenge: 'Bearer realm="waymark", error="invalid_token"',
      },
      {
        what: 'a malformed X-API-Key',
        headers: () => ({ 'x-api-key': "' OR 1=1 --" }),
        challenge: 'Bearer realm="waymark", error="invalid_token"',
      },
      {
        what: 'a revoked key',
        headers: () => ({ authorization: `Bearer ${revokedKey()}` }),
        challenge: 'Bearer realm="waymark", error="invalid_token"',
      },
    ])(
      'refuses $what with a 401 problem and a Bearer challenge, on reads and writes',
      async ({ headers, challenge }) => {
        const sent = headers();
        const read = await fetch(`${apiUrl}/v1/journeys/${shared.journeyId}`, { headers: sent });
        expect(await problem(read, 401)).toMatchObject({ type: '/problems/unauthorized', title: 'Unauthorized' });
        expect(read.headers.get('www-authenticate')).toBe(challenge);
        const write = await fetch(`${apiUrl}/v1/journeys`, {
          method: 'POST',
          headers: { ...sent, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify(openBody('case-unauthorised')),
        });
        expect((await problem(write, 401)).type).toBe('/problems/unauthorized');
        expect(write.headers.get('www-authenticate')).toBe(challenge);
      },
    );
  });

  describe('idempotency', () => {
    let journey: Journey;
    const path = () => `/v1/journeys/${journey.journeyId}/contacts`;

    beforeAll(async () => {
      journey = await open(clients.lead, 'case-idempotency-1', 120);
    });

    it('refuses a POST without an Idempotency-Key with a 400 problem naming the header, and changes nothing', async () => {
      const response = await fetch(`${apiUrl}${path()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.lead}`, 'content-type': 'application/json' },
        body: JSON.stringify(valueContact(100)),
      });
      const refused = await problem(response, 400);
      expect(refused).toMatchObject({
        type: '/problems/idempotency-key-invalid',
        title: expect.stringContaining('Idempotency-Key'),
      });
      expect(refused.detail).toContain('Idempotency-Key');
      const opening = await fetch(`${apiUrl}/v1/journeys`, {
        method: 'POST',
        headers: { authorization: `Bearer ${keys.lead}`, 'content-type': 'application/json' },
        body: JSON.stringify(openBody('case-no-key')),
      });
      expect((await problem(opening, 400)).detail).toContain('Idempotency-Key');
      expect((await view(clients.lead, journey.journeyId)).seq).toBe(1);
    });

    it('answers a repeat with the same key and body identically, marked as replayed, with exactly one effect', async () => {
      const key = randomUUID();
      const body = valueContact(100);
      const first = await clients.lead.post(path(), body, key);
      const firstBody = await answer<Answer>(first, 201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(firstBody.events).toEqual(events(journey.journeyId, 2, EVENT.contact));

      // Same JSON value with its keys in another order: the same request.
      const reordered = JSON.stringify(Object.fromEntries(Object.entries(body).reverse()));
      for (const again of [JSON.stringify(body), reordered]) {
        const replay = await clients.lead.post(path(), again, key);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(await answer<Answer>(replay, 201)).toEqual(firstBody);
      }
      expect((await view(clients.lead, journey.journeyId)).seq).toBe(2);

      // Another change after it, so the topic is read past anything a replay could have published.
      await command(clients.lead, journey.journeyId, 'assessments', {
        occurredAt: ago(95),
        assessmentType: 'housing',
        minutesSpent: 30,
      });
      const published = await publishedEventsOf(journey.journeyId, 3);
      const contactIds = new Set(published.filter((e) => e.type === EVENT.contact).map((e) => e.id));
      expect([...contactIds]).toEqual([`${journey.journeyId}:2`]);
    });

    it('replays an opening too: the same key opens the same journey once', async () => {
      const key = randomUUID();
      const body = openBody('case-idempotent-open', 60);
      const first = await answer<Journey>(await clients.lead.post('/v1/journeys', body, key), 201);
      const replay = await clients.lead.post('/v1/journeys', body, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await answer<Journey>(replay, 201)).toEqual(first);
      await eventually(
        () => listed(clients.lead),
        (ids) => ids.filter((id) => id === first.journeyId).length === 1,
      );
    });

    it('refuses the same key with a different body (422) and applies nothing', async () => {
      const key = randomUUID();
      await answer<Answer>(await clients.lead.post(path(), valueContact(90), key), 201);
      const seq = (await view(clients.lead, journey.journeyId)).seq;
      const other = await clients.lead.post(path(), { ...valueContact(90), minutesSpent: 16 }, key);
      expect(await problem(other, 422)).toMatchObject({ type: '/problems/idempotency-key-reused' });
      const elsewhere = await clients.lead.post(`/v1/journeys/${journey.journeyId}/assessments`, valueContact(90), key);
      expect((await problem(elsewhere, 422)).type).toBe('/problems/idempotency-key-reused'); // other path, same key
      expect((await view(clients.lead, journey.journeyId)).seq).toBe(seq);
    });

    it('keeps keys per provider: another provider may use the same key string for its own request', async () => {
      const key = `shared-key-${run}`;
      const myBody = openBody('case-key-lead', 50);
      const mine = await answer<Journey>(await clients.lead.post('/v1/journeys', myBody, key), 201);
      const theirs = await clients.stranger.post('/v1/journeys', openBody('case-key-stranger', 40), key);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      const theirJourney = await answer<Journey>(theirs, 201);
      expect(theirJourney.journeyId).not.toBe(mine.journeyId);
      expect(theirJourney).toMatchObject({ leadProviderId: PROVIDERS.stranger, personRef: 'case-key-stranger' });
      // Each provider's replay still answers its own first request.
      const myReplay = await clients.lead.post('/v1/journeys', myBody, key);
      expect(myReplay.headers.get('idempotent-replayed')).toBe('true');
      expect(await answer<Journey>(myReplay, 201)).toEqual(mine);
      // ...and the key gave the stranger nothing of the lead's.
      expect((await problem(await clients.stranger.get(`/v1/journeys/${mine.journeyId}`), 404)).detail).toBe(
        'no such journey',
      );
    });

    it('answers 503 within seconds while no worker runs, and applies a command retried with its key exactly once', async () => {
      // Found by an attacker-style tester: with no worker a command hung for 40 s, then failed with a 500.
      const target = await open(clients.lead, 'case-worker-restart', 60);
      const crowded = await open(clients.lead, 'case-worker-crowd', 60);
      const id = target.journeyId;
      const route = `/v1/journeys/${id}/contacts`;
      const key = randomUUID();
      const body = {
        occurredAt: ago(30),
        channel: 'home-visit',
        minutesSpent: 40,
        demand: 'failure',
        failureReason: 'repeating-story',
      };
      const send = () => clients.lead.post(route, body, key);

      expect(await worker?.stop()).toBe(0);
      worker = undefined;
      // Nothing polls the journey's task queue now. Temporal holds each Update, but journey-api gives up on it.
      for (let attempt = 0; attempt < 2; attempt++) {
        const startedAt = Date.now();
        const refused = await send();
        expect(Date.now() - startedAt).toBeLessThan(10_000);
        expect(await problem(refused, 503)).toMatchObject({ type: '/problems/unavailable' });
        expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
        // The key was released, not kept in progress or recorded: the same request may simply be sent again.
      }
      // More Updates than Temporal holds for one workflow (10) are refused at once; they too are a 503, never a 500.
      const startedAt = Date.now();
      const burst = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const response = await clients.lead.post(`/v1/journeys/${crowded.journeyId}/contacts`, valueContact(30));
          return `${response.status} ${(await json<Problem>(response)).type}`;
        }),
      );
      expect(burst).toEqual(burst.map(() => '503 /problems/unavailable'));
      expect(Date.now() - startedAt).toBeLessThan(10_000);

      worker = await startWorker(join(logDir, 'restarted'));
      // The Updates Temporal held are applied once the worker is back, as one: all carry the id made from the key.
      const retried = await eventually(
        async () => {
          const response = await send();
          return { status: response.status, body: (await response.json()) as Answer };
        },
        (outcome) => outcome.status !== 503,
        60_000,
      );
      expect(retried).toEqual({ status: 201, body: { journeyId: id, events: events(id, 2, EVENT.contact) } });
      const replay = await send();
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await answer<Answer>(replay, 201)).toEqual(retried.body);
      expect(await view(clients.lead, id)).toMatchObject({ seq: 2, status: 'active' });

      await command(clients.lead, id, 'assessments', {
        occurredAt: ago(20),
        assessmentType: 'needs',
        minutesSpent: 10,
      });
      const published = await publishedEventsOf(id, 3);
      expect([...new Set(published.filter((e) => e.type === EVENT.contact).map((e) => e.id))]).toEqual([`${id}:2`]);
    });

    it('keeps no personal data in the record of an opening, and replays the same answer and Location from the request', async () => {
      const key = randomUUID();
      const body = openBody('case-record-check', 45);
      const first = await clients.lead.post('/v1/journeys', body, key);
      const journey = await answer<Journey>(first, 201);
      expect(journey.personRef).toBe('case-record-check');
      const [record] = await withDatabase((db) =>
        db.query(
          `SELECT response_body AS body FROM provider_api.idempotency_records
            WHERE provider_id = $1 AND idempotency_key = $2`,
          [PROVIDERS.lead, key],
        ),
      );
      expect(record).toEqual({ body: { journeyId: journey.journeyId } });

      const replay = await clients.lead.post('/v1/journeys', body, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('location')).toBe(first.headers.get('location'));
      expect(await answer<Journey>(replay, 201)).toEqual(journey);
    });

    it('replays a recorded answer after journey-api restarts: the record is in PostgreSQL', async () => {
      const key = randomUUID();
      const body = { occurredAt: ago(80), assessmentType: 'benefits', minutesSpent: 25 };
      const route = `/v1/journeys/${journey.journeyId}/assessments`;
      const first = await answer<Answer>(await clients.lead.post(route, body, key), 201);
      const seq = (await view(clients.lead, journey.journeyId)).seq;

      expect(await api?.stop()).toBe(0);
      api = undefined;
      api = await startApi(join(logDir, 'restarted'));

      const replay = await clients.lead.post(route, body, key);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(await answer<Answer>(replay, 201)).toEqual(first);
      expect((await view(clients.lead, journey.journeyId)).seq).toBe(seq);
      const mismatch = await clients.lead.post(route, { ...body, minutesSpent: 26 }, key);
      expect((await problem(mismatch, 422)).type).toBe('/problems/idempotency-key-reused');
    });
  });

  describe('malformed and hostile requests', () => {
    let fixture: Journey; // the hostile provider's one journey, the target of the command rows
    const absent = randomUUID();
    const hostile = PROVIDERS.hostile;
    const recent = ago(30);
    const beforeOpening = ago(24 * 60);
    const future = '2999-01-01T00:00:00Z';
    const contact = { occurredAt: recent, channel: 'phone', minutesSpent: 10, demand: 'value', valueKind: 'progress' };
    const opening = { personRef: 'case-hostile', areaCode: 'E05000001', ageBand: '35-49', occurredAt: recent };
    const closeResolved = { occurredAt: recent, outcome: 'resolved', personConfirmed: true };

    interface Row {
      what: string;
      method?: string;
      path: string;
      /** Sent as JSON unless `raw` is given. */
      body?: unknown;
      raw?: string;
      /** Replace or (null) drop a default header: authorization, content-type, idempotency-key. */
      headers?: Record<string, string | null>;
      status: number;
      type?: string;
      /** Fields that errors[] must name. */
      fields?: string[];
      rule?: string;
    }
    const validation = '/problems/validation';
    const malformed = '/problems/malformed-body';
    const notFound = '/problems/not-found';
    const badKey = '/problems/idempotency-key-invalid';
    const ruled = '/problems/rule-violated';
    const conflict = '/problems/state-conflict';
    const unknownRoute = '/problems/unknown-route';

    const OPEN = '/v1/journeys';
    const at = (route: string) => `/v1/journeys/{journey}/${route}`;
    /** A body that breaks a schema rule: 400, naming each bad field. */
    const invalid = (what: string, path: string, body: unknown, ...fields: string[]): Row => ({
      what,
      path,
      body,
      status: 400,
      type: validation,
      fields,
    });
    /** A well-formed request a journey rule refuses, naming the rule and the field. */
    const refused = (
      status: 409 | 422,
      rule: string,
      what: string,
      path: string,
      body: unknown,
      field: string,
    ): Row => ({
      what,
      path,
      body,
      status,
      type: status === 409 ? conflict : ruled,
      rule,
      fields: [field],
    });
    /** A request whose Idempotency-Key header is missing or not allowed. */
    const keyed = (what: string, key: string | null): Row => ({
      what,
      path: OPEN,
      body: opening,
      headers: { 'idempotency-key': key },
      status: 400,
      type: badKey,
    });
    const get = (what: string, path: string, status: number, ...fields: string[]): Row => ({
      what,
      method: 'GET',
      path,
      status,
      type: status === 400 ? validation : notFound,
      ...(fields.length ? { fields } : {}),
    });
    const items = (...list: object[]) => ({ occurredAt: recent, items: list });
    const help = { occurredAt: recent, helpType: 'advice', whatMattersItemIds: ['a'], minutesSpent: 5 };

    // One row a line, as a table.
    // prettier-ignore
    const rows: Row[] = [
      // The body as a whole. Found by an attacker-style tester: truncated JSON was a 400 of type about:blank.
      { what: 'truncated JSON', path: OPEN, raw: '{"personRef":', status: 400, type: malformed },
      { what: 'JSON with a trailing comma', path: OPEN, raw: '{"personRef":"a",}', status: 400, type: malformed },
      { what: 'truncated JSON on a command', path: at('contacts'), raw: '{"occurredAt":"2026-', status: 400, type: malformed },
      // Only JSON is read: any other body is refused, not read as empty and answered with "missing" fields.
      { what: 'text/plain content-type', path: OPEN, raw: JSON.stringify(opening), headers: { 'content-type': 'text/plain' }, status: 415, type: malformed },
      { what: 'a form-encoded body', path: OPEN, raw: 'personRef=case-1', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, type: malformed },
      { what: 'a JSON body without a content-type (fetch then sends text/plain)', path: at('contacts'), raw: JSON.stringify(contact), headers: { 'content-type': null }, status: 415, type: malformed },
      { what: 'an unsupported charset', path: OPEN, raw: JSON.stringify(opening), headers: { 'content-type': 'application/json; charset=latin-9' }, status: 415, type: malformed },
      // Found by this suite: was a 500 (zlib's error has a status but no body-parser `type`).
      { what: 'gzip content-encoding on a plain body', path: OPEN, raw: JSON.stringify(opening), headers: { 'content-encoding': 'gzip' }, status: 400, type: malformed },
      { ...invalid('an empty body', OPEN, undefined, 'personRef', 'areaCode', 'ageBand', 'occurredAt'), raw: '' },
      invalid('an array body', OPEN, [opening], '(body)'),
      // body-parser's strict mode takes only objects and arrays at the top level.
      { what: 'a string body', path: OPEN, raw: '"case-1"', status: 400, type: malformed },
      { what: 'a null body', path: OPEN, raw: 'null', status: 400, type: malformed },
      { what: 'a number body on a command', path: at('contacts'), raw: '42', status: 400, type: malformed },
      invalid('an array body on a command', at('contacts'), [contact], '(body)'),
      { what: 'a body over the size limit', path: OPEN, body: { ...opening, pad: 'x'.repeat(200_000) }, status: 413, type: malformed },
      { what: 'a body over the size limit on a command', path: at('what-matters'), body: items(...Array.from({ length: 20 }, (_, i) => ({ itemId: `i${i}`, domain: 'money', text: '€'.repeat(2_000) }))), status: 413, type: malformed },
      // Found by this suite: was a 500 (the idempotency fingerprint recursed until the stack overflowed).
      { what: 'JSON nested 5000 deep', path: OPEN, raw: '['.repeat(5000) + ']'.repeat(5000), status: 400, type: malformed },
      { ...invalid('duplicate keys, the last one bad', OPEN, undefined, 'personRef'), raw: `{"personRef":"case-1",${JSON.stringify({ ...opening, personRef: 'Jane Smith' }).slice(1)}` },
      // Opening a journey: every field.
      invalid('an unknown field', OPEN, { ...opening, leadProviderId: 'someone-else' }, 'leadProviderId'),
      invalid('a personRef that is a name with spaces', OPEN, { ...opening, personRef: 'Jane Smith' }, 'personRef'),
      invalid('a personRef of 65 characters', OPEN, { ...opening, personRef: 'a'.repeat(65) }, 'personRef'),
      invalid('a numeric personRef', OPEN, { ...opening, personRef: 12345 }, 'personRef'),
      invalid('a script in personRef', OPEN, { ...opening, personRef: '<script>alert(1)</script>' }, 'personRef'),
      invalid('a lower-case areaCode', OPEN, { ...opening, areaCode: 'e05000001' }, 'areaCode'),
      invalid('an areaCode of 17 characters', OPEN, { ...opening, areaCode: 'E'.repeat(17) }, 'areaCode'),
      invalid('an ageBand outside the bands', OPEN, { ...opening, ageBand: '30-40' }, 'ageBand'),
      invalid('an occurredAt that is not a date', OPEN, { ...opening, occurredAt: 'yesterday' }, 'occurredAt'),
      invalid('an occurredAt without an offset', OPEN, { ...opening, occurredAt: '2026-01-01T09:00:00' }, 'occurredAt'),
      invalid('an occurredAt in epoch millis', OPEN, { ...opening, occurredAt: Date.now() }, 'occurredAt'),
      refused(422, 'occurred-at-in-future', 'an opening in the future', OPEN, { ...opening, occurredAt: future }, 'occurredAt'),
      { ...invalid('a __proto__ key', OPEN, undefined, '__proto__'), raw: `{"__proto__":{"isAdmin":true},${JSON.stringify(opening).slice(1)}` },
      invalid('a constructor.prototype key', OPEN, { ...opening, constructor: { prototype: { isAdmin: true } } }, 'constructor'),
      // The Idempotency-Key header.
      keyed('no Idempotency-Key', null),
      keyed('an empty Idempotency-Key', ''),
      keyed('an Idempotency-Key of 10 000 characters', 'k'.repeat(10_000)),
      keyed('an Idempotency-Key with a tab in it', 'key\twith-tab'),
      keyed('an Idempotency-Key with a non-ASCII byte', 'clé'),
      // A key full of SQL is legal printable ASCII: it is stored as a bound parameter, and the body decides.
      { ...invalid('an Idempotency-Key carrying SQL', OPEN, { ...opening, ageBand: 'old' }, 'ageBand'), headers: { 'idempotency-key': "x'); DROP TABLE provider_api.idempotency_records; --" } },
      // Every command's fields.
      invalid('contacts: an unknown demand', at('contacts'), { ...contact, demand: 'both' }, 'demand'),
      invalid('contacts: a value contact with a failure reason', at('contacts'), { ...contact, valueKind: undefined, failureReason: 'not-solved' }, 'valueKind', 'failureReason'),
      invalid('contacts: an unknown channel', at('contacts'), { ...contact, channel: 'carrier-pigeon' }, 'channel'),
      invalid('contacts: negative minutes', at('contacts'), { ...contact, minutesSpent: -1 }, 'minutesSpent'),
      invalid('contacts: more minutes than a day has', at('contacts'), { ...contact, minutesSpent: 1441 }, 'minutesSpent'),
      invalid('contacts: fractional minutes', at('contacts'), { ...contact, minutesSpent: 1.5 }, 'minutesSpent'),
      invalid('contacts: minutes as a string', at('contacts'), { ...contact, minutesSpent: '10' }, 'minutesSpent'),
      refused(422, 'occurred-at-in-future', 'contacts: in the future', at('contacts'), { ...contact, occurredAt: future }, 'occurredAt'),
      refused(422, 'occurred-before-opening', 'contacts: before the journey opened', at('contacts'), { ...contact, occurredAt: beforeOpening }, 'occurredAt'),
      invalid('what-matters: no items', at('what-matters'), items(), 'items'),
      invalid('what-matters: 21 items', at('what-matters'), items(...Array.from({ length: 21 }, (_, i) => ({ itemId: `i${i}`, domain: 'money' }))), 'items'),
      invalid('what-matters: an itemId with spaces', at('what-matters'), items({ itemId: 'my home', domain: 'housing' }), 'items.0.itemId'),
      invalid('what-matters: an unknown domain', at('what-matters'), items({ itemId: 'a', domain: 'astrology' }), 'items.0.domain'),
      invalid('what-matters: text of 501 characters', at('what-matters'), items({ itemId: 'a', domain: 'housing', text: 't'.repeat(501) }), 'items.0.text'),
      invalid('what-matters: text of only spaces', at('what-matters'), items({ itemId: 'a', domain: 'housing', text: '   ' }), 'items.0.text'),
      invalid('what-matters: text with a NUL', at('what-matters'), items({ itemId: 'a', domain: 'housing', text: 'a\u0000b' }), 'items.0.text'),
      { ...invalid('what-matters: a __proto__ key in an item', at('what-matters'), undefined, 'items.0.__proto__'), raw: `{"occurredAt":"${recent}","items":[{"itemId":"a","domain":"housing","__proto__":{"isAdmin":true}}]}` },
      refused(422, 'what-matters-item-exists', 'what-matters: one item twice', at('what-matters'), items({ itemId: 'a', domain: 'housing' }, { itemId: 'a', domain: 'money' }), 'items'),
      invalid('assessments: an unknown type', at('assessments'), { occurredAt: recent, assessmentType: 'vibes', minutesSpent: 5 }, 'assessmentType'),
      invalid('assessments: minutes missing', at('assessments'), { occurredAt: recent, assessmentType: 'needs' }, 'minutesSpent'),
      invalid('help: no what-matters items', at('help'), { ...help, whatMattersItemIds: [] }, 'whatMattersItemIds'),
      invalid('help: an unknown help type', at('help'), { ...help, helpType: 'magic' }, 'helpType'),
      invalid('help: a description of 501 characters', at('help'), { ...help, description: 'd'.repeat(501) }, 'description'),
      invalid('help: a description with a control character', at('help'), { ...help, description: 'rang\u001b[2Jthem' }, 'description'),
      refused(422, 'unknown-what-matters-item', 'help: an item the journey lacks', at('help'), help, 'whatMattersItemIds'),
      invalid('progress-ratings: 11', at('progress-ratings'), { occurredAt: recent, rating: 11 }, 'rating'),
      invalid('progress-ratings: -1', at('progress-ratings'), { occurredAt: recent, rating: -1 }, 'rating'),
      invalid('progress-ratings: a string', at('progress-ratings'), { occurredAt: recent, rating: 'seven' }, 'rating'),
      invalid('involvements: a provider id carrying SQL', at('involvements'), { occurredAt: recent, providerId: "x' OR '1'='1" }, 'providerId'),
      refused(409, 'already-involved', 'involvements: the lead itself', at('involvements'), { occurredAt: recent, providerId: hostile }, 'providerId'),
      invalid('hand-offs: an upper-case provider id', at('hand-offs'), { occurredAt: recent, toProviderId: 'Council-Housing' }, 'toProviderId'),
      invalid('hand-offs: a provider id of 64 characters', at('hand-offs'), { occurredAt: recent, toProviderId: 'p'.repeat(64) }, 'toProviderId'),
      refused(422, 'hand-off-to-self', 'hand-offs: to the lead itself', at('hand-offs'), { occurredAt: recent, toProviderId: hostile }, 'toProviderId'),
      invalid('hand-off-acceptances: a path as handOffId', at('hand-off-acceptances'), { occurredAt: recent, handOffId: '../../etc/passwd' }, 'handOffId'),
      refused(409, 'no-such-hand-off', 'hand-off-acceptances: none pending', at('hand-off-acceptances'), { occurredAt: recent, handOffId: 'handoff-99' }, 'handOffId'),
      invalid('hand-off-declines: an unknown reason', at('hand-off-declines'), { occurredAt: recent, handOffId: 'handoff-2', reason: 'busy' }, 'reason'),
      invalid('closures: resolved, not confirmed by the person', at('closures'), { ...closeResolved, personConfirmed: false }, 'personConfirmed'),
      invalid('closures: an unknown outcome', at('closures'), { ...closeResolved, outcome: 'fixed' }, 'outcome'),
      invalid('closures: unresolved without a reason', at('closures'), { occurredAt: recent, outcome: 'unresolved' }, 'reason'),
      refused(422, 'occurred-before-opening', 'closures: before the journey opened', at('closures'), { ...closeResolved, occurredAt: beforeOpening }, 'occurredAt'),
      // Journey ids and routes.
      { what: 'a command on a non-uuid journey id', path: '/v1/journeys/not-a-uuid/contacts', body: contact, status: 404, type: notFound },
      { what: 'a command on a journey that does not exist', path: `/v1/journeys/${absent}/closures`, body: closeResolved, status: 404, type: notFound },
      get('reading an id carrying SQL', `/v1/journeys/${encodeURIComponent("' OR '1'='1' --")}`, 404),
      get('reading an id carrying a script', `/v1/journeys/${encodeURIComponent('<script>alert(1)</script>')}`, 404),
      get('reading an upper-case uuid', `/v1/journeys/${absent.toUpperCase()}`, 404),
      { what: 'a broken percent-encoding in the path', method: 'GET', path: '/v1/journeys/%E0%A4%A', status: 400, type: '/problems/malformed-request' },
      // Unknown routes and methods: 404 unknown-route, apart from not-found (no such journey).
      { what: 'an unknown command route', path: at('teleportations'), body: contact, status: 404, type: unknownRoute },
      { what: 'a command route with an extra segment', path: `${at('contacts')}/extra`, body: contact, status: 404, type: unknownRoute },
      { what: 'GET on a command route', method: 'GET', path: at('contacts'), status: 404, type: unknownRoute },
      { what: 'PUT on the journeys collection', method: 'PUT', path: OPEN, body: opening, status: 404, type: unknownRoute },
      { what: 'DELETE on a journey', method: 'DELETE', path: '/v1/journeys/{journey}', status: 404, type: unknownRoute },
      { what: 'PATCH on a journey', method: 'PATCH', path: '/v1/journeys/{journey}', body: { status: 'closed' }, status: 404, type: unknownRoute },
      { what: 'an unknown path', method: 'GET', path: '/v2/anything', status: 404, type: unknownRoute },
      // The list's query.
      get('list: pageSize 0', '/v1/journeys?pageSize=0', 400, 'pageSize'),
      get('list: pageSize 101', '/v1/journeys?pageSize=101', 400, 'pageSize'),
      get('list: pageSize not a number', '/v1/journeys?pageSize=ten', 400, 'pageSize'),
      get('list: pageSize given twice', '/v1/journeys?pageSize=1&pageSize=2', 400, 'pageSize'),
      get('list: an unknown status', '/v1/journeys?status=deleted', 400, 'status'),
      get('list: a status carrying a visibility query', `/v1/journeys?status=${encodeURIComponent("open' OR WaymarkProviders != 'x")}`, 400, 'status'),
      get('list: an unknown parameter', '/v1/journeys?leadProviderId=someone-else', 400, 'leadProviderId'),
      get('list: a pageToken with illegal characters', '/v1/journeys?pageToken=%24%7Bjndi%7D', 400, 'pageToken'),
      // Found by this suite: a token the API had not handed out went to Temporal, which failed for 20 s; then a 500.
      get('list: a garbage pageToken', '/v1/journeys?pageToken=abc', 400, 'pageToken'),
      get('list: a forged pageToken', `/v1/journeys?pageToken=${Buffer.from('{"StartTime":"x"}').toString('base64url')}`, 400, 'pageToken'),
    ];

    beforeAll(async () => {
      fixture = await open(clients.hostile, 'case-hostile-fixture', 120);
    });

    it('has a table of at least 40 rows', () => {
      expect(rows.length).toBeGreaterThanOrEqual(40);
    });

    it.each(rows)('$what → $status', async (row) => {
      const headers: Record<string, string> = {
        authorization: `Bearer ${keys.hostile}`,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      };
      for (const [name, value] of Object.entries(row.headers ?? {})) {
        if (value === null) delete headers[name];
        else headers[name] = value;
      }
      const method = row.method ?? 'POST';
      const body = row.raw ?? (row.body === undefined ? undefined : JSON.stringify(row.body));
      const response = await fetch(`${apiUrl}${row.path.replace('{journey}', fixture.journeyId)}`, {
        method,
        headers,
        body: method === 'GET' ? undefined : body,
      });
      const refused = await problem(response, row.status);
      if (row.type) expect(refused.type).toBe(row.type);
      if (row.rule) expect(refused.rule).toBe(row.rule);
      if (row.fields) {
        expect(refused.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(row.fields));
        expect(refused.errors?.every((e) => typeof e.rule === 'string' && typeof e.message === 'string')).toBe(true);
      }
      if (row.type === badKey) expect(refused.detail).toContain('Idempotency-Key');
    });

    it('opened no journey and changed nothing for any of those rows', async () => {
      const probe = await open(clients.hostile, 'case-hostile-probe', 10);
      // Once the probe, started after every row, is listed, anything a row had started would be listed too.
      const ids = await eventually(
        () => listed(clients.hostile),
        (found) => found.includes(probe.journeyId),
      );
      expect(ids.sort()).toEqual([fixture.journeyId, probe.journeyId].sort());
      expect(await view(clients.hostile, fixture.journeyId)).toMatchObject({
        seq: 1,
        status: 'open',
        involvedProviderIds: [],
      });
      expect((await view(clients.hostile, fixture.journeyId)).pendingHandOff).toBeUndefined();
    });

    it('never lets a control character in a header reach the app: Node’s parser answers 400', async () => {
      // fetch will not even send one, so this goes over a raw socket.
      const status = await new Promise<string>((resolve, reject) => {
        const socket = connect(PORTS.api, '127.0.0.1', () => {
          socket.write(
            'POST /v1/journeys HTTP/1.1\r\nHost: 127.0.0.1\r\n' +
              `Authorization: Bearer ${keys.hostile}\r\nContent-Type: application/json\r\n` +
              'Idempotency-Key: key\x01with-control\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
          );
        });
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('end', () => resolve(received.split('\r\n')[0] ?? ''));
        socket.on('error', reject);
      });
      expect(status).toBe('HTTP/1.1 400 Bad Request');
    });
  });

  describe('how far one journey may grow', () => {
    // Found by an attacker-style tester: 130 what-matters calls of 20 items × 500 characters were all accepted, from a
    // provider merely involved in a journey another leads. The journey's state, and the payload Temporal carries it in
    // when the workflow continues as new, grew without bound.
    let journeyId: string;
    const note = (n: number) => `${n} `.padEnd(500, 'x');
    const items = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ itemId: `item-${from + i}`, domain: 'money', text: note(from + i) }));
    const limitProblem = async (response: Response, rule: string, field: string) => {
      const refused = await problem(response, 422);
      expect(refused).toMatchObject({ type: '/problems/rule-violated', rule, errors: [{ field, rule }] });
      return refused;
    };

    beforeAll(async () => {
      journeyId = (await open(clients.bulky, 'case-bulky', 120)).journeyId;
      await command(clients.bulky, journeyId, 'involvements', { occurredAt: ago(110), providerId: PROVIDERS.flooder });
    });

    it('keeps at most 50 what-matters items, whoever records them, and says so naming the field and the rule', async () => {
      const path = `/v1/journeys/${journeyId}/what-matters`;
      const statuses: number[] = [];
      for (let call = 0; call < 4; call++) {
        const response = await clients.flooder.post(path, { occurredAt: ago(100), items: items(call * 20, 20) });
        statuses.push(response.status);
        if (response.status === 422) {
          const refused = await limitProblem(response, 'what-matters-limit', 'items');
          expect(refused.detail).toBe('a journey keeps at most 50 what-matters items; it has 40 and this adds 20');
        } else await answer<Answer>(response, 201);
      }
      expect(statuses).toEqual([201, 201, 422, 422]);
      await command(clients.bulky, journeyId, 'what-matters', { occurredAt: ago(95), items: items(100, 10) });
      const lastOne = await clients.bulky.post(path, { occurredAt: ago(95), items: items(200, 1) });
      await limitProblem(lastOne, 'what-matters-limit', 'items');
      expect((await view(clients.bulky, journeyId)).whatMatters).toHaveLength(50);
    });

    it('keeps at most 100 help descriptions, then records help without one', async () => {
      const help = (description?: string) => ({
        occurredAt: ago(90),
        helpType: 'advice',
        whatMattersItemIds: ['item-0'],
        minutesSpent: 5,
        ...(description ? { description } : {}),
      });
      for (let n = 0; n < 100; n++) await command(clients.flooder, journeyId, 'help', help(note(n)));
      const path = `/v1/journeys/${journeyId}/help`;
      await limitProblem(await clients.flooder.post(path, help('one more')), 'help-notes-limit', 'description');
      await command(clients.flooder, journeyId, 'help', help());
      expect((await view(clients.bulky, journeyId)).helpNotes).toHaveLength(100);
    });

    it('involves at most 20 providers at once', async () => {
      for (let n = 1; n < 20; n++) {
        await command(clients.bulky, journeyId, 'involvements', { occurredAt: ago(85), providerId: `e2e-crowd-${n}` });
      }
      const next = await clients.bulky.post(`/v1/journeys/${journeyId}/involvements`, {
        occurredAt: ago(85),
        providerId: 'e2e-crowd-20',
      });
      await limitProblem(next, 'involved-providers-limit', 'providerId');
      const journey = await view(clients.bulky, journeyId);
      expect(journey.involvedProviderIds).toHaveLength(20);
      // Work other than what is limited goes on as before.
      await command(clients.bulky, journeyId, 'contacts', valueContact(80));
      expect((await view(clients.bulky, journeyId)).seq).toBe(journey.seq + 1);
    });
  });

  describe('rate limiting', () => {
    let limited: RunningService;
    const limitedUrl = `http://127.0.0.1:${PORTS.limitedApi}`;

    beforeAll(async () => {
      limited = await startService(
        'journey-api',
        PORTS.limitedApi,
        { ...env, RATE_LIMIT_PER_MINUTE: '5' },
        { logDir: join(logDir, 'rate-limited') },
      );
    });

    afterAll(async () => {
      expect(await limited.stop()).toBe(0);
    });

    it('counts every request of a provider against one budget, then answers 429 with Retry-After', async () => {
      const client = providerClient(limitedUrl, keys.limited);
      const remaining: (string | null)[] = [];
      const note = (response: Response) => {
        expect(response.headers.get('ratelimit-limit')).toBe('5');
        const reset = Number(response.headers.get('ratelimit-reset'));
        expect(reset).toBeGreaterThan(0);
        expect(reset).toBeLessThanOrEqual(60);
        remaining.push(response.headers.get('ratelimit-remaining'));
      };
      // Five requests across every kind of endpoint.
      const opened = await client.post('/v1/journeys', openBody('case-limited', 30));
      note(opened);
      const journeyId = (await answer<Journey>(opened, 201)).journeyId;
      const read = await client.get(`/v1/journeys/${journeyId}`);
      note(read);
      await answer<Journey>(read, 200);
      const contact = await client.post(`/v1/journeys/${journeyId}/contacts`, valueContact(20));
      note(contact);
      await answer<Answer>(contact, 201);
      const list = await client.get('/v1/journeys');
      note(list);
      await answer<Page>(list, 200);
      const missing = await client.get(`/v1/journeys/${randomUUID()}`);
      note(missing);
      await problem(missing, 404);
      expect(remaining).toEqual(['4', '3', '2', '1', '0']);

      for (const refused of [
        await client.get('/v1/journeys'),
        await client.post(`/v1/journeys/${journeyId}/contacts`, valueContact(10)),
      ]) {
        expect(await problem(refused, 429)).toMatchObject({ title: 'Too many requests' });
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
      expect((await view(providerClient(apiUrl, keys.limited), journeyId)).seq).toBe(2); // the refused contact did nothing
    });

    it('limits each provider on its own: another provider still gets through', async () => {
      const other = await providerClient(limitedUrl, keys.unlimited).get('/v1/journeys');
      expect(other.headers.get('ratelimit-remaining')).toBe('4');
      await answer<Page>(other, 200);
      expect((await providerClient(limitedUrl, keys.limited).get('/v1/journeys')).status).toBe(429);
    });
  });

  describe('the published contract', () => {
    it('serves an OpenAPI 3.1 document without a key, listing every endpoint and command route', async () => {
      const response = await fetch(`${apiUrl}/openapi.json`);
      const doc = await answer<{
        openapi: string;
        paths: Record<
          string,
          Record<
            string,
            {
              operationId: string;
              parameters?: { name: string; in: string; required?: boolean }[];
              requestBody?: unknown;
              responses: Record<string, unknown>;
            }
          >
        >;
        components: { securitySchemes: Record<string, unknown> };
      }>(response, 200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes).toEqual({
        apiKey: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      });

      const commandPaths = COMMAND_ROUTES.map((route) => `/v1/journeys/{journeyId}/${route}`);
      expect(Object.keys(doc.paths).sort()).toEqual(
        ['/v1/journeys', '/v1/journeys/{journeyId}', ...commandPaths].sort(),
      );
      expect(Object.keys(doc.paths['/v1/journeys'] ?? {}).sort()).toEqual(['get', 'post']);
      expect(doc.paths['/v1/journeys']?.['get']?.parameters?.map((p) => p.name).sort()).toEqual([
        'pageSize',
        'pageToken',
        'status',
      ]);
      for (const path of ['/v1/journeys', ...commandPaths]) {
        const post = doc.paths[path]?.['post'];
        expect(post?.parameters).toEqual(
          expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true })]),
        );
        expect(post?.requestBody).toMatchObject({
          required: true,
          content: { 'application/json': { schema: expect.any(Object) } },
        });
        expect(Object.keys(post?.responses ?? {})).toEqual(
          expect.arrayContaining(['201', '400', '401', '404', '422', '429']),
        );
      }
    });

    it('serves the interactive docs as HTML without a key', async () => {
      const response = await fetch(`${apiUrl}/docs`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toContain('swagger-ui');
    });
  });
});
