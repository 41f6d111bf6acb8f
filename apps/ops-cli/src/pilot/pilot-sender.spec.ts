import { DEFAULT_AREAS, JourneyPlan, PILOT_PROVIDERS, planPilot } from '@waymark/pilot-simulation';
import { answer, fakeClock, fakeJourneyApi } from './fake-journey-api';
import { PilotSender, PostJson, RateBudget } from './pilot-sender';

const plan = planPilot({
  seed: 'sender',
  people: 40,
  from: '2025-12-01',
  to: '2026-11-30',
  schedule: { design: 'assess-and-refer' },
  areas: DEFAULT_AREAS,
});
/** A journey handed on and accepted: its acceptance needs the hand-off id the request's answer gave. */
const handedOn = plan.journeys.find((j) => j.commands.some((c) => c.type === 'accept-hand-off')) as JourneyPlan;
const apiKeys = new Map(PILOT_PROVIDERS.map((p) => [p.id, `key-of-${p.id}`]));

function sender(post: PostJson, clock = fakeClock()) {
  const outcomes: string[] = [];
  return { sender: new PilotSender(post, apiKeys, clock, (o) => outcomes.push(o)), outcomes, clock };
}

describe('sending a planned journey', () => {
  it('sends the opening and every command in order, as their providers, with their planned keys', async () => {
    const api = fakeJourneyApi();
    const { sender: s, outcomes } = sender(api.post);
    const result = await s.sendJourney(handedOn, () => false);

    expect(result).toEqual({ accepted: 1 + handedOn.commands.length, replayed: 0, skipped: 0 });
    expect(outcomes.every((o) => o === 'accepted')).toBe(true);
    const journeyId = `j-${handedOn.key}`;
    expect(api.requests.map((r) => [r.path, r.key, r.apiKey])).toEqual([
      ['/v1/journeys', handedOn.key, `key-of-${handedOn.lead}`],
      ...handedOn.commands.map((c) => [`/v1/journeys/${journeyId}/${c.route}`, c.key, `key-of-${c.actor}`]),
    ]);
    // Each answer to a hand-off carries the id its request was given.
    let requested = 0;
    for (const request of api.requests) {
      if (request.path.endsWith('/hand-offs')) requested += 1;
      if (/hand-off-(acceptances|declines)$/.test(request.path)) {
        expect(request.body['handOffId']).toBe(`handoff-${requested}`);
      }
    }
  });

  it('sends the same requests again on a rerun, and counts the replays', async () => {
    const api = fakeJourneyApi();
    await sender(api.post).sender.sendJourney(handedOn, () => false);
    const first = api.requests.splice(0);
    const { sender: s, outcomes } = sender(api.post);
    const result = await s.sendJourney(handedOn, () => false);
    expect(api.requests).toEqual(first);
    expect(result.replayed).toBe(result.accepted);
    expect(outcomes.every((o) => o === 'replayed')).toBe(true);
  });

  it('waits as Retry-After says on 429, 503 and a key still in progress, then sends the same request again', async () => {
    const api = fakeJourneyApi();
    const troubles = [
      answer(429, { type: '/problems/rate-limited' }, { 'retry-after': '7' }),
      answer(503, { type: '/problems/unavailable' }, { 'retry-after': '2' }),
      answer(409, { type: '/problems/idempotency-key-in-progress' }, { 'retry-after': '1' }),
    ];
    const post: PostJson = (path, body, apiKey, key) => {
      const trouble = path !== '/v1/journeys' && troubles.shift();
      return trouble ? Promise.resolve(trouble) : api.post(path, body, apiKey, key);
    };
    const { sender: s, clock } = sender(post);
    const result = await s.sendJourney(handedOn, () => false);
    expect(result).toMatchObject({ accepted: 1 + handedOn.commands.length, skipped: 0 });
    expect(clock.sleeps).toEqual([7000, 2000, 1000]);
    expect(api.requests).toHaveLength(1 + handedOn.commands.length); // every trouble was the first command's
  });

  it('ends a journey at its first refusal, reports it, and sends nothing after it', async () => {
    const api = fakeJourneyApi((path) =>
      path.endsWith('/contacts')
        ? answer(409, { type: '/problems/state-conflict', rule: 'journey-ended', detail: 'the journey has ended' })
        : undefined,
    );
    const { sender: s, outcomes } = sender(api.post);
    const result = await s.sendJourney(handedOn, () => false);
    const step = handedOn.commands.findIndex((c) => c.type === 'record-contact') + 1;
    expect(result.refusal).toEqual({
      person: handedOn.person,
      design: 'assess-and-refer',
      step,
      type: 'record-contact',
      actor: handedOn.commands[step - 1]?.actor,
      status: 409,
      rule: 'journey-ended',
      detail: 'the journey has ended',
    });
    expect(result.accepted).toBe(step);
    expect(result.skipped).toBe(handedOn.commands.length - step);
    expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(result.skipped);
    expect(api.requests).toHaveLength(step + 1);
  });

  it('retries a request that got no answer, and gives the run up when journey-api stays away', async () => {
    let failures = 2;
    const api = fakeJourneyApi();
    const flaky: PostJson = (...args) =>
      failures-- > 0 ? Promise.reject(new TypeError('fetch failed')) : api.post(...args);
    const ok = await sender(flaky).sender.sendJourney(handedOn, () => false);
    expect(ok.refusal).toBeUndefined();
    expect(ok.accepted).toBe(1 + handedOn.commands.length);

    const down: PostJson = () => Promise.reject(new TypeError('fetch failed'));
    const { sender: s, clock } = sender(down);
    const result = await s.sendJourney(handedOn, () => false);
    expect(result.unreachable).toMatch(/no answer from journey-api \(fetch failed\)/);
    expect(result.skipped).toBe(1 + handedOn.commands.length);
    expect(clock.sleeps).toEqual([1000, 2000, 4000, 8000, 10000]);
  });

  it('stops sending once told to', async () => {
    const api = fakeJourneyApi();
    const result = await sender(api.post).sender.sendJourney(handedOn, () => api.requests.length >= 3);
    expect(result).toMatchObject({ accepted: 3, skipped: handedOn.commands.length - 2 });
  });
});

describe('the rate budget', () => {
  it("waits for a provider's window to reset once it has no room left, counting requests in flight", async () => {
    const clock = fakeClock();
    const budget = new RateBudget(clock);
    await budget.take('p');
    budget.settle('p', answer(201, {}, { 'ratelimit-remaining': '2', 'ratelimit-reset': '30' }));
    await budget.take('p');
    await budget.take('p'); // two in flight use the two left
    expect(clock.sleeps).toEqual([]);
    await budget.take('other'); // another provider's budget is its own
    expect(clock.sleeps).toEqual([]);
    await budget.take('p');
    expect(clock.sleeps).toEqual([30_100]);
  });
});
