import { deadlinePassed, nextDeadline } from './rules/timers';
import { DEFAULT_SETTINGS, JourneySettings } from './state';
import { build, command, day, DAY_MS, INVOLVED, LEAD, OPENED_AT, RECIPIENT } from './testing/fixtures';

const at = (iso: string) => Date.parse(iso);

describe('nextDeadline', () => {
  it('an open journey stalls stallDays after it opened', () => {
    const journey = build.open();
    expect(journey.state.lastActivityAt).toBe(OPENED_AT);
    expect(nextDeadline(journey.state, DEFAULT_SETTINGS)).toEqual({ kind: 'stall', at: at(day(28)) });
  });

  it('an active journey stalls stallDays after its latest activity', () => {
    const journey = build.involved();
    expect(journey.state.lastActivityAt).toBe(day(2));
    expect(nextDeadline(journey.state, DEFAULT_SETTINGS)).toEqual({ kind: 'stall', at: at(day(30)) });
  });

  it('a stalled journey has no timer until something happens', () => {
    expect(nextDeadline(build.stalled().state, DEFAULT_SETTINGS)).toBeUndefined();
  });

  it('a resolved journey is sustained when its follow-up window ends', () => {
    const journey = build.closedResolved();
    expect(nextDeadline(journey.state, DEFAULT_SETTINGS)).toEqual({ kind: 'sustain', at: at(day(100)) });
  });

  it('the sustain deadline is the one fixed at closure, whatever the settings are now', () => {
    const journey = build.closedResolved();
    expect(nextDeadline(journey.state, { ...DEFAULT_SETTINGS, stallDays: 1, followUpDays: 1 })).toEqual({
      kind: 'sustain',
      at: at(day(100)),
    });
  });

  it('a journey closed unresolved has no timer', () => {
    expect(nextDeadline(build.closedUnresolved().state, DEFAULT_SETTINGS)).toBeUndefined();
  });

  it('a sustained journey waits for the end of its late-record allowance', () => {
    expect(nextDeadline(build.sustainedFinal().state, DEFAULT_SETTINGS)).toEqual({
      kind: 'late-records-end',
      at: at(day(130)),
    });
  });

  it('a reopened journey stalls stallDays after the re-presentation', () => {
    const journey = build.reopened();
    expect(journey.state.lastActivityAt).toBe(day(12));
    expect(nextDeadline(journey.state, DEFAULT_SETTINGS)).toEqual({ kind: 'stall', at: at(day(40)) });
  });

  it('uses custom settings', () => {
    const settings: JourneySettings = { ...DEFAULT_SETTINGS, stallDays: 7, followUpDays: 30 };
    const active = build.involved({ settings });
    expect(active.deadline).toEqual({ kind: 'stall', at: at(day(9)) });
    const closed = active.do(LEAD, command('close-journey', day(5)));
    expect(closed.deadline).toEqual({ kind: 'sustain', at: at(day(35)) });
  });
});

describe('back-dated activity', () => {
  it('does not move lastActivityAt (or the stall timer) back', () => {
    const journey = build.involved();
    const backDated = journey.do(INVOLVED, command('record-assessment', day(0, 2)));
    expect(backDated.events.at(-1)?.time).toBe(day(0, 2));
    expect(backDated.state.lastActivityAt).toBe(day(2));
    expect(backDated.deadline).toEqual(journey.deadline);
  });

  it('later activity moves the stall timer forward', () => {
    const journey = build.involved().do(LEAD, command('give-help', day(6)));
    expect(journey.state.lastActivityAt).toBe(day(6));
    expect(journey.deadline).toEqual({ kind: 'stall', at: at(day(34)) });
  });

  it.each([
    'record-contact',
    'record-what-matters',
    'record-assessment',
    'give-help',
    'request-hand-off',
    'involve-provider',
    'rate-progress',
  ] as const)('%s counts as activity', (type) => {
    const journey = build.involved().do(LEAD, command(type, day(6)));
    expect(journey.state.lastActivityAt).toBe(day(6));
  });

  it.each(['accept-hand-off', 'decline-hand-off'] as const)('%s counts as activity', (type) => {
    const journey = build.pendingHandOff().do(RECIPIENT, command(type, day(6)));
    expect(journey.state.lastActivityAt).toBe(day(6));
  });
});

describe('stalling', () => {
  it('fires at lastActivityAt + stallDays with the activity time and period in the event', () => {
    const pending = build.pendingHandOff();
    const stalled = pending.timerFires();
    const [event, ...rest] = stalled.eventsSince(pending.state.seq + 1);
    expect(rest).toEqual([]);
    expect(event).toMatchObject({
      type: 'waymark.journey.stalled.v1',
      seq: pending.state.seq + 1,
      time: day(31),
      recordedat: day(31),
      data: { lastActivityAt: day(3), stallDays: 28 },
    });
    expect(stalled.state).toMatchObject({ status: 'stalled', lastActivityAt: day(3) });
    // a stall is a signal, not a change of responsibility
    expect(stalled.state.pendingHandOff).toEqual(pending.state.pendingHandOff);
  });

  it('an open journey with nothing recorded stalls too', () => {
    const stalled = build.open().timerFires();
    expect(stalled.state.status).toBe('stalled');
    expect(stalled.events.at(-1)).toMatchObject({ time: day(28), data: { lastActivityAt: OPENED_AT } });
  });

  it('uses the configured stall period', () => {
    const settings: JourneySettings = { ...DEFAULT_SETTINGS, stallDays: 5, followUpDays: 90 };
    const stalled = build.active({ settings }).timerFires();
    expect(stalled.events.at(-1)).toMatchObject({
      type: 'waymark.journey.stalled.v1',
      time: day(6, 1),
      data: { lastActivityAt: day(1, 1), stallDays: 5 },
    });
  });

  it('new activity makes a stalled journey active and restarts the stall clock', () => {
    const active = build.stalled().do(INVOLVED, command('record-contact', day(40)));
    expect(active.state).toMatchObject({ status: 'active', lastActivityAt: day(40) });
    expect(active.deadline).toEqual({ kind: 'stall', at: at(day(68)) });
  });

  it('back-dated activity on a stalled journey makes it active, with a deadline already past (settled at once)', () => {
    const active = build.stalled().do(LEAD, command('record-assessment', day(4)));
    expect(active.state).toMatchObject({ status: 'active', lastActivityAt: day(4) });
    expect(active.deadline).toEqual({ kind: 'stall', at: at(day(32)) });
    expect(active.timerFires().state.status).toBe('stalled');
  });

  it('a stalled journey may still be closed', () => {
    const closed = build.stalled().do(LEAD, command('close-journey', day(40)));
    expect(closed.state).toMatchObject({ status: 'closed', closure: { closedAt: day(40) } });
  });
});

describe('sustaining a resolution', () => {
  it('fires at followUpEndsAt with the closure time and window in the event', () => {
    const closed = build.closedResolved();
    const sustained = closed.timerFires();
    expect(sustained.events.at(-1)).toMatchObject({
      type: 'waymark.journey.resolution-sustained.v1',
      seq: closed.state.seq + 1,
      time: day(100),
      data: { closedAt: day(10), followUpDays: 90 },
    });
    expect(sustained.state.status).toBe('sustained');
    expect(sustained.state.openedAt).toBe(OPENED_AT);
  });

  it('uses the configured follow-up window', () => {
    const settings: JourneySettings = { ...DEFAULT_SETTINGS, stallDays: 28, followUpDays: 45 };
    const sustained = build.closedResolved({ settings }).timerFires();
    expect(sustained.events.at(-1)).toMatchObject({
      time: day(55),
      data: { closedAt: day(10), followUpDays: 45 },
    });
  });
});

describe('deadlinePassed on its own', () => {
  it('produces a stalled draft at the deadline time', () => {
    const { state } = build.active();
    const deadline = { kind: 'stall' as const, at: Date.parse(state.lastActivityAt) + 28 * DAY_MS };
    expect(deadlinePassed(state, deadline, DEFAULT_SETTINGS)).toEqual({
      ok: true,
      events: [
        {
          type: 'waymark.journey.stalled.v1',
          time: day(29, 1),
          data: { lastActivityAt: day(1, 1), stallDays: 28 },
        },
      ],
    });
  });

  it('produces a resolution-sustained draft at the deadline time', () => {
    const { state } = build.closedResolved();
    expect(deadlinePassed(state, { kind: 'sustain', at: at(day(100)) }, DEFAULT_SETTINGS)).toEqual({
      ok: true,
      events: [
        {
          type: 'waymark.journey.resolution-sustained.v1',
          time: day(100),
          data: { closedAt: day(10), followUpDays: 90 },
        },
      ],
    });
  });
});
