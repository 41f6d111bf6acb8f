import { EVENT_SOURCE, JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import { evolve, initialState, stamp } from './evolve';
import { handle } from './handle';
import { roleOf } from './rules/guards';
import { openJourney } from './rules/open';
import {
  assertValidEvents,
  build,
  command,
  context,
  day,
  INVOLVED,
  Journey,
  JOURNEY_ID,
  LEAD,
  NEWCOMER,
  NOW,
  OPENED_AT,
  PERSON_REF,
  RECIPIENT,
  STRANGER,
} from './testing/fixtures';

/** A long journey touching every command and both timers, each command accepted at a different workflow time. */
function longJourney(): { journey: Journey; recordedAt: string[] } {
  const recordedAt: string[] = [NOW.toISOString()];
  let journey = Journey.open();
  const step = (actor: string, cmd: Parameters<Journey['do']>[1], nowIso: string) => {
    const before = journey.state.seq;
    journey = journey.do(actor, cmd, new Date(nowIso));
    for (let seq = before + 1; seq <= journey.state.seq; seq++) recordedAt.push(nowIso);
  };
  step(LEAD, command('record-contact', day(1)), day(1, 2));
  step(LEAD, command('record-what-matters', day(1, 1), { items: [{ itemId: 'wm-1', domain: 'housing' }] }), day(1, 3));
  step(LEAD, command('involve-provider', day(2), { providerId: INVOLVED }), day(2, 1));
  step(INVOLVED, command('record-assessment', day(2, 4)), day(3));
  step(INVOLVED, command('give-help', day(3)), day(3, 1));
  step(LEAD, command('request-hand-off', day(4), { toProviderId: RECIPIENT }), day(4, 1));
  step(RECIPIENT, command('decline-hand-off', day(5), { handOffId: 'handoff-7' }), day(5, 1));
  step(LEAD, command('request-hand-off', day(6), { toProviderId: NEWCOMER }), day(6, 1));
  step(NEWCOMER, command('accept-hand-off', day(7), { handOffId: 'handoff-9' }), day(7, 1));
  step(NEWCOMER, command('rate-progress', day(8), { rating: 7, whatMattersItemId: 'wm-1' }), day(8, 1));
  journey = journey.timerFires();
  recordedAt.push(day(36));
  step(NEWCOMER, command('close-journey', day(40)), day(40, 1));
  step(INVOLVED, command('record-contact', day(50)), day(50, 1));
  step(NEWCOMER, command('close-journey', day(60)), day(60, 1));
  journey = journey.timerFires();
  recordedAt.push(day(150));
  return { journey, recordedAt };
}

describe('stamp and evolve across a whole journey', () => {
  const { journey, recordedAt } = longJourney();

  it('numbers events 1, 2, 3 … without gaps and names them <journeyId>:<seq>', () => {
    expect(journey.events.map((e) => e.seq)).toEqual(journey.events.map((_, i) => i + 1));
    expect(journey.events.map((e) => e.id)).toEqual(journey.events.map((_, i) => `${JOURNEY_ID}:${i + 1}`));
    expect(new Set(journey.events.map((e) => e.id)).size).toBe(journey.events.length);
    expect(journey.state.seq).toBe(journey.events.length);
  });

  it('puts the envelope on every event, with recordedat = the workflow time that accepted it', () => {
    for (const event of journey.events) {
      expect(event).toMatchObject({
        specversion: '1.0',
        source: EVENT_SOURCE,
        subject: JOURNEY_ID,
        datacontenttype: 'application/json',
      });
    }
    expect(journey.events.map((e) => e.recordedat)).toEqual(recordedAt);
  });

  it('went through the lifecycle in the expected order', () => {
    expect(journey.events.map((e) => e.type.replace(/^waymark\.journey\.(.*)\.v1$/, '$1'))).toEqual([
      'opened',
      'contact-recorded',
      'what-matters-recorded',
      'provider-involved',
      'assessment-recorded',
      'help-given',
      'hand-off-requested',
      'hand-off-declined',
      'hand-off-requested',
      'hand-off-accepted',
      'progress-rated',
      'stalled',
      'closed',
      'reopened',
      'contact-recorded',
      'closed',
      'resolution-sustained',
    ]);
    expect(journey.state).toMatchObject({
      status: 'sustained',
      leadProviderId: NEWCOMER,
      involvedProviderIds: [INVOLVED],
      openedAt: OPENED_AT,
      reopenCount: 1,
      closure: { outcome: 'resolved', closedAt: day(60), followUpEndsAt: day(150) },
    });
  });

  it('every event passes the shared contract', () => {
    for (const event of journey.events) expect(validateJourneyEvent(event)).toEqual({ ok: true, event });
  });

  it('replaying the event log from the initial state rebuilds the same state', () => {
    const open = {
      personRef: PERSON_REF,
      areaCode: 'E05000001',
      ageBand: '25-34' as const,
      occurredAt: OPENED_AT,
      leadProviderId: LEAD,
    };
    const replayed = evolve(initialState(JOURNEY_ID, open), [...journey.events]);
    expect(replayed).toEqual(journey.state);
  });
});

describe('stamp', () => {
  const { state } = build.active();
  const drafts = [
    {
      type: 'waymark.journey.reopened.v1' as const,
      time: day(5),
      data: { reason: 're-presentation' as const, closedAt: day(4) },
    },
    {
      type: 'waymark.journey.progress-rated.v1' as const,
      time: day(5),
      data: { providerId: LEAD, rating: 4 },
    },
  ];

  it('continues from the state seq, one per draft, with the given recorded time', () => {
    const recordedAt = new Date('2026-04-01T10:11:12.345Z');
    const events = stamp(state, drafts, recordedAt);
    expect(events).toEqual([
      {
        specversion: '1.0',
        id: `${JOURNEY_ID}:4`,
        source: '/waymark/journeys',
        subject: JOURNEY_ID,
        recordedat: '2026-04-01T10:11:12.345Z',
        seq: 4,
        datacontenttype: 'application/json',
        ...drafts[0],
      },
      {
        specversion: '1.0',
        id: `${JOURNEY_ID}:5`,
        source: '/waymark/journeys',
        subject: JOURNEY_ID,
        recordedat: '2026-04-01T10:11:12.345Z',
        seq: 5,
        datacontenttype: 'application/json',
        ...drafts[1],
      },
    ]);
    for (const event of events) expect(validateJourneyEvent(event).ok).toBe(true);
  });

  it('is deterministic: the same input gives the same events (safe for workflow replay)', () => {
    expect(stamp(state, drafts, NOW)).toEqual(stamp(state, drafts, NOW));
  });

  it('stamps nothing for no drafts', () => {
    expect(stamp(state, [], NOW)).toEqual([]);
  });
});

describe('evolve', () => {
  it('sets seq from the events it applies', () => {
    const journey = build.active();
    const events = stamp(
      journey.state,
      [{ type: 'waymark.journey.stalled.v1', time: day(29), data: { lastActivityAt: day(1), stallDays: 28 } }],
      NOW,
    );
    expect(evolve(journey.state, events)).toMatchObject({ seq: 4, status: 'stalled' });
  });

  it('does not change the state it is given', () => {
    const journey = build.active();
    const copy = JSON.parse(JSON.stringify(journey.state));
    const outcome = handle(journey.state, command('record-contact', day(3)), context(LEAD));
    if (!outcome.ok) throw new Error('expected acceptance');
    assertValidEvents(outcome.events);
    expect(JSON.parse(JSON.stringify(journey.state))).toEqual(copy);
  });

  it('applies an empty list as no change', () => {
    const { state } = build.involved();
    expect(evolve(state, [])).toBe(state);
  });
});

describe('initialState and the opened event', () => {
  const open = {
    personRef: PERSON_REF,
    areaCode: 'E09000033',
    ageBand: '65-79' as const,
    occurredAt: '2026-02-01T08:00:00Z',
    leadProviderId: 'age-uk-local',
  };

  it('starts open, with the caller as lead, seq 0 and nothing recorded', () => {
    expect(initialState(JOURNEY_ID, open)).toEqual({
      journeyId: JOURNEY_ID,
      personRef: PERSON_REF,
      status: 'open',
      leadProviderId: 'age-uk-local',
      involvedProviderIds: [],
      areaCode: 'E09000033',
      ageBand: '65-79',
      openedAt: '2026-02-01T08:00:00Z',
      lastActivityAt: '2026-02-01T08:00:00Z',
      whatMatters: [],
      helpNotes: [],
      reopenCount: 0,
      seq: 0,
    });
  });

  it('opened event gets seq 1 and leaves the journey open, led by the caller', () => {
    const decision = openJourney(open, NOW);
    if (!decision.ok) throw new Error('expected acceptance');
    const state = initialState(JOURNEY_ID, open);
    const events: JourneyEvent[] = stamp(state, decision.events, NOW);
    expect(events.map((e) => [e.seq, e.id, e.time])).toEqual([[1, `${JOURNEY_ID}:1`, '2026-02-01T08:00:00Z']]);
    expect(validateJourneyEvent(events[0]).ok).toBe(true);
    const opened = evolve(state, events);
    expect(opened).toMatchObject({ status: 'open', seq: 1, openedAt: '2026-02-01T08:00:00Z' });
    expect(roleOf(opened, 'age-uk-local')).toBe('lead');
  });

  it('accepts an opening up to the clock skew ahead, and refuses one beyond it', () => {
    const edge = new Date(NOW.getTime() + 5 * 60 * 1000).toISOString();
    const beyond = new Date(NOW.getTime() + 5 * 60 * 1000 + 1).toISOString();
    expect(openJourney({ ...open, occurredAt: edge }, NOW).ok).toBe(true);
    expect(openJourney({ ...open, occurredAt: beyond }, NOW)).toMatchObject({
      ok: false,
      rejection: { rule: 'occurred-at-in-future', kind: 'invalid', field: 'occurredAt' },
    });
  });
});

describe('roleOf', () => {
  it('names each role, and none for anyone else', () => {
    const { state } = build.pendingHandOff();
    expect(roleOf(state, LEAD)).toBe('lead');
    expect(roleOf(state, INVOLVED)).toBe('involved');
    expect(roleOf(state, RECIPIENT)).toBe('hand-off-recipient');
    expect(roleOf(state, STRANGER)).toBe('none');
  });

  it('an involved provider that a hand-off awaits is involved first', () => {
    const { state } = build.involved().do(LEAD, command('request-hand-off', day(3), { toProviderId: INVOLVED }));
    expect(roleOf(state, INVOLVED)).toBe('involved');
  });
});
