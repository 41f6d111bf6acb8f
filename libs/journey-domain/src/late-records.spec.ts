import { acceptsLateRecords, deadlinePassed, lateRecordsUntil } from './rules/timers';
import { DEFAULT_SETTINGS, JourneyState } from './state';
import { build, command, day, DAY_MS, INVOLVED, LEAD, NOW, OPENED_AT } from './testing/fixtures';

const at = (iso: string) => new Date(iso);
const plusDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
const representation = (when: string) =>
  command('record-contact', when, { demand: 'failure', failureReason: 'not-solved', channel: 'phone' });

describe('late records: a sustained resolution is provisional', () => {
  it('a contact dated inside the window reopens the journey even after the window has passed', () => {
    const sustained = build.sustained(); // window day 10 – day 100, recorded at NOW (long after)
    const reopened = sustained.do(INVOLVED, representation(day(50)));
    const [reopen, contact, ...rest] = reopened.eventsSince(sustained.state.seq + 1);
    expect(rest).toEqual([]);
    expect(reopen).toMatchObject({
      type: 'waymark.journey.reopened.v1',
      time: day(50),
      data: { reason: 're-presentation', closedAt: day(10) },
    });
    expect(contact).toMatchObject({ type: 'waymark.journey.contact-recorded.v1', time: day(50) });
    expect(reopened.state).toMatchObject({ status: 'active', reopenCount: 1, openedAt: OPENED_AT });
    expect(reopened.state.closure).toBeUndefined();
  });

  it('a closure recorded in time takes late records until lateRecordDays after its window ends', () => {
    const sustained = build.sustainedFinal(); // recorded on day 10, window ends day 100
    expect(sustained.try(LEAD, representation(day(50)), at(day(129, 23)))).toMatchObject({ ok: true });
    expect(sustained.try(LEAD, representation(day(50)), at(day(130)))).toMatchObject({
      ok: false,
      rejection: { kind: 'conflict', rule: 'journey-ended' },
    });
  });

  it('a closure loaded with history gets the whole allowance from when it was recorded', () => {
    const sustained = build.sustained();
    const until = lateRecordsUntil(sustained.state.closure as never, DEFAULT_SETTINGS);
    expect(until).toBe(plusDays(NOW, 30).getTime());
    expect(acceptsLateRecords(sustained.state, DEFAULT_SETTINGS, plusDays(NOW, 29))).toBe(true);
    expect(acceptsLateRecords(sustained.state, DEFAULT_SETTINGS, plusDays(NOW, 30))).toBe(false);
  });

  it('a journey closed by an older version (no recordedAt) counts the allowance from its window end', () => {
    const { state } = build.sustained();
    const closure = {
      ...(state.closure as { closedAt: string; followUpEndsAt: string }),
      outcome: 'resolved' as const,
    };
    const older: JourneyState = { ...state, closure: { ...closure, recordedAt: undefined } };
    expect(acceptsLateRecords(older, DEFAULT_SETTINGS, at(day(129)))).toBe(true);
    expect(acceptsLateRecords(older, DEFAULT_SETTINGS, at(day(130)))).toBe(false);
  });

  it('lateRecordDays 0 makes a resolution final once its window has passed and it has been recorded', () => {
    const settings = { ...DEFAULT_SETTINGS, lateRecordDays: 0 };
    const sustained = build.sustained({ settings });
    expect(sustained.deadline).toEqual({ kind: 'late-records-end', at: NOW.getTime() });
    expect(sustained.try(LEAD, representation(day(50)))).toMatchObject({
      ok: false,
      rejection: { rule: 'journey-ended' },
    });
  });

  it('a contact dated after the window is refused: it belongs to a new journey', () => {
    expect(build.sustained().try(LEAD, representation(day(101)))).toMatchObject({
      ok: false,
      rejection: { kind: 'conflict', rule: 'journey-ended', message: expect.stringMatching(/new journey/) },
    });
  });

  it('a contact dated before the closure is refused as journey-closed', () => {
    expect(build.sustained().try(LEAD, representation(day(9)))).toMatchObject({
      ok: false,
      rejection: { kind: 'conflict', rule: 'journey-closed' },
    });
  });

  it.each(['record-assessment', 'give-help', 'rate-progress', 'close-journey'] as const)(
    '%s on a provisionally sustained journey is refused as ended',
    (type) => {
      expect(build.sustained().try(LEAD, command(type, day(50)))).toMatchObject({
        ok: false,
        rejection: { rule: 'journey-ended' },
      });
    },
  );

  it('a journey reopened after a provisional sustained resolution closes again with a fresh window', () => {
    const again = build
      .sustained()
      .do(LEAD, representation(day(50)))
      .do(LEAD, command('close-journey', day(60)));
    expect(again.state).toMatchObject({
      status: 'closed',
      openedAt: OPENED_AT,
      closure: { closedAt: day(60), followUpEndsAt: day(150) },
    });
    expect(again.deadline).toEqual({ kind: 'sustain', at: Date.parse(day(150)) });
  });

  it('the end of the allowance records nothing', () => {
    const { state } = build.sustainedFinal();
    expect(deadlinePassed(state, { kind: 'late-records-end', at: Date.parse(day(130)) }, DEFAULT_SETTINGS)).toEqual({
      ok: true,
      events: [],
    });
  });
});
