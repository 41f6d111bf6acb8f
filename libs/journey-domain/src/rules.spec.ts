import { COMMAND_BODIES, CommandType } from './commands';
import { CLOCK_SKEW_MS, roleOf } from './rules/guards';
import { DEFAULT_SETTINGS } from './state';
import {
  build,
  command,
  day,
  DAY_MS,
  INVOLVED,
  Journey,
  LEAD,
  NEWCOMER,
  NOW,
  OPENED_AT,
  PENDING_HAND_OFF_ID,
  RECIPIENT,
  STATE_NAMES,
  StateName,
  STRANGER,
} from './testing/fixtures';

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
const refusal = (rule: string, kind: string, field?: string) => ({
  ok: false,
  rejection: { rule, kind, ...(field ? { field } : {}) },
});

/** For each command, a journey and an actor for which it is accepted at a normal time. */
const ACCEPTED_IN: Record<CommandType, [StateName, string]> = {
  'record-contact': ['active', LEAD],
  'record-what-matters': ['active', LEAD],
  'record-assessment': ['involved', INVOLVED],
  'give-help': ['active', LEAD],
  'request-hand-off': ['active', LEAD],
  'accept-hand-off': ['pendingHandOff', RECIPIENT],
  'decline-hand-off': ['pendingHandOff', RECIPIENT],
  'involve-provider': ['active', LEAD],
  'rate-progress': ['reopened', INVOLVED],
  'close-journey': ['active', LEAD],
};
const COMMAND_TYPES = Object.keys(COMMAND_BODIES) as CommandType[];

describe('when things happened (occurredAt)', () => {
  describe.each(COMMAND_TYPES)('%s', (type) => {
    const [stateName, actor] = ACCEPTED_IN[type];
    const journey = build[stateName]();

    it('accepts up to five minutes of provider clock skew', () => {
      expect(journey.try(actor, command(type, plus(NOW.toISOString(), CLOCK_SKEW_MS))).ok).toBe(true);
    });

    it('refuses an occurredAt beyond the skew as invalid, naming the field', () => {
      expect(journey.try(actor, command(type, plus(NOW.toISOString(), CLOCK_SKEW_MS + 1)))).toMatchObject(
        refusal('occurred-at-in-future', 'invalid', 'occurredAt'),
      );
    });

    it('accepts the very moment the journey opened', () => {
      expect(journey.try(actor, command(type, OPENED_AT)).ok).toBe(true);
    });

    it('refuses anything before the journey opened', () => {
      expect(journey.try(actor, command(type, plus(OPENED_AT, -1)))).toMatchObject(
        refusal('occurred-before-opening', 'invalid', 'occurredAt'),
      );
    });
  });

  it('measures the future from workflow time (ctx.now), not the wall clock', () => {
    const journey = build.active();
    const at = day(50);
    expect(journey.try(LEAD, command('record-contact', at), new Date(day(49))).ok).toBe(false);
    expect(journey.try(LEAD, command('record-contact', at), new Date(day(50))).ok).toBe(true);
  });

  it('keeps the original opening as the floor after a re-presentation', () => {
    expect(build.reopened().try(LEAD, command('record-contact', plus(OPENED_AT, -1)))).toMatchObject(
      refusal('occurred-before-opening', 'invalid', 'occurredAt'),
    );
  });
});

describe('what matters', () => {
  it('refuses an item id repeated within one command, naming it', () => {
    const outcome = build.active().try(
      LEAD,
      command('record-what-matters', day(5), {
        items: [
          { itemId: 'wm-7', domain: 'money' },
          { itemId: 'wm-7', domain: 'work' },
        ],
      }),
    );
    expect(outcome).toMatchObject(refusal('what-matters-item-exists', 'invalid', 'items'));
    expect(!outcome.ok && outcome.rejection.message).toContain('wm-7');
  });

  it('refuses an item id the journey already has, naming it', () => {
    const byLead = build.active().try(
      LEAD,
      command('record-what-matters', day(5), {
        items: [
          { itemId: 'wm-9', domain: 'money' },
          { itemId: 'wm-1', domain: 'work' },
        ],
      }),
    );
    expect(byLead).toMatchObject(refusal('what-matters-item-exists', 'invalid', 'items'));
    expect(!byLead.ok && byLead.rejection.message).toContain('wm-1');
  });

  it('records several new items in order, by the acting provider, with only ids and domains in the event', () => {
    const before = build.involved();
    const after = before.do(
      INVOLVED,
      command('record-what-matters', day(5), {
        items: [
          { itemId: 'wm-2', domain: 'money', text: 'Debts frighten her' },
          { itemId: 'wm-3', domain: 'work' },
        ],
      }),
    );
    const [event] = after.eventsSince(before.state.seq + 1);
    expect(event).toMatchObject({
      type: 'waymark.journey.what-matters-recorded.v1',
      time: day(5),
      data: {
        providerId: INVOLVED,
        items: [
          { itemId: 'wm-2', domain: 'money' },
          { itemId: 'wm-3', domain: 'work' },
        ],
      },
    });
    expect(after.state.whatMatters.map((i) => [i.itemId, i.domain, i.recordedAt])).toEqual([
      ['wm-1', 'housing', day(1, 1)],
      ['wm-2', 'money', day(5)],
      ['wm-3', 'work', day(5)],
    ]);
  });
});

describe('help and progress refer to what matters', () => {
  it('refuses help for an unknown item, naming it and the field', () => {
    const outcome = build.active().try(LEAD, command('give-help', day(5), { whatMattersItemIds: ['wm-1', 'wm-404'] }));
    expect(outcome).toMatchObject(refusal('unknown-what-matters-item', 'invalid', 'whatMattersItemIds'));
    expect(!outcome.ok && outcome.rejection.message).toContain('wm-404');
  });

  it('records help once per item even if an item is named twice', () => {
    const before = build.active();
    const after = before.do(
      LEAD,
      command('give-help', day(5), { whatMattersItemIds: ['wm-1', 'wm-1'], helpType: 'practical', minutesSpent: 90 }),
    );
    expect(after.events.at(-1)).toMatchObject({
      type: 'waymark.journey.help-given.v1',
      data: { providerId: LEAD, helpType: 'practical', whatMattersItemIds: ['wm-1'], minutesSpent: 90 },
    });
  });

  it('refuses a rating for an unknown item, naming the field', () => {
    expect(build.active().try(LEAD, command('rate-progress', day(5), { whatMattersItemId: 'wm-404' }))).toMatchObject(
      refusal('unknown-what-matters-item', 'invalid', 'whatMattersItemId'),
    );
  });

  it('rates overall progress without an item, or one known item', () => {
    const overall = build.active().do(LEAD, command('rate-progress', day(5), { rating: 3 }));
    expect(overall.events.at(-1)?.data).toEqual({ providerId: LEAD, rating: 3 });
    const perItem = build.active().do(LEAD, command('rate-progress', day(5), { rating: 8, whatMattersItemId: 'wm-1' }));
    expect(perItem.events.at(-1)?.data).toEqual({ providerId: LEAD, rating: 8, whatMattersItemId: 'wm-1' });
  });
});

describe('hand-offs', () => {
  it('refuses a hand-off to the lead itself', () => {
    expect(build.active().try(LEAD, command('request-hand-off', day(5), { toProviderId: LEAD }))).toMatchObject(
      refusal('hand-off-to-self', 'invalid', 'toProviderId'),
    );
  });

  it('refuses a second request while one is pending, to anyone', () => {
    const pending = build.pendingHandOff();
    for (const to of [RECIPIENT, NEWCOMER, INVOLVED]) {
      const outcome = pending.try(LEAD, command('request-hand-off', day(5), { toProviderId: to }));
      expect(outcome).toMatchObject(refusal('hand-off-pending', 'conflict'));
      expect(!outcome.ok && outcome.rejection.message).toContain(PENDING_HAND_OFF_ID);
    }
  });

  it('names the hand-off after the seq of its request event and remembers who asked whom', () => {
    const pending = build.pendingHandOff();
    const request = pending.events.at(-1);
    expect(request).toMatchObject({
      type: 'waymark.journey.hand-off-requested.v1',
      seq: 5,
      time: day(3),
      data: { handOffId: 'handoff-5', fromProviderId: LEAD, toProviderId: RECIPIENT },
    });
    expect(pending.state.pendingHandOff).toEqual({
      handOffId: 'handoff-5',
      fromProviderId: LEAD,
      toProviderId: RECIPIENT,
      requestedAt: day(3),
    });
    expect(roleOf(pending.state, RECIPIENT)).toBe('hand-off-recipient');
  });

  it.each(['accept-hand-off', 'decline-hand-off'] as const)('%s: only the addressed provider may answer', (type) => {
    const pending = build.pendingHandOff();
    expect(pending.try(INVOLVED, command(type, day(5)))).toMatchObject(refusal('not-hand-off-recipient', 'conflict'));
    expect(pending.try(LEAD, command(type, day(5)))).toMatchObject(refusal('not-hand-off-recipient', 'conflict'));
    expect(pending.try(STRANGER, command(type, day(5)))).toMatchObject(refusal('not-a-participant', 'not-found'));
    expect(pending.try(NEWCOMER, command(type, day(5)))).toMatchObject(refusal('not-a-participant', 'not-found'));
  });

  it.each(['accept-hand-off', 'decline-hand-off'] as const)('%s: refuses a wrong handOffId', (type) => {
    const outcome = build.pendingHandOff().try(RECIPIENT, command(type, day(5), { handOffId: 'handoff-4' }));
    expect(outcome).toMatchObject(refusal('no-such-hand-off', 'conflict', 'handOffId'));
  });

  it('moves the lead on acceptance: the old lead becomes a stranger, the involved provider stays', () => {
    const pending = build.pendingHandOff();
    const accepted = pending.do(RECIPIENT, command('accept-hand-off', day(5)));
    expect(accepted.events.at(-1)).toMatchObject({
      type: 'waymark.journey.hand-off-accepted.v1',
      time: day(5),
      data: { handOffId: PENDING_HAND_OFF_ID, fromProviderId: LEAD, toProviderId: RECIPIENT },
    });
    expect(accepted.state).toMatchObject({
      leadProviderId: RECIPIENT,
      involvedProviderIds: [INVOLVED],
      pendingHandOff: undefined,
      status: 'active',
      lastActivityAt: day(5),
    });
    expect(roleOf(accepted.state, RECIPIENT)).toBe('lead');
    expect(roleOf(accepted.state, LEAD)).toBe('none');
    expect(roleOf(accepted.state, INVOLVED)).toBe('involved');

    expect(accepted.try(LEAD, command('record-contact', day(6)))).toMatchObject(
      refusal('not-a-participant', 'not-found'),
    );
    expect(accepted.try(LEAD, command('close-journey', day(6)))).toMatchObject(
      refusal('not-a-participant', 'not-found'),
    );
    expect(accepted.try(INVOLVED, command('close-journey', day(6)))).toMatchObject(refusal('lead-only', 'conflict'));
    expect(accepted.try(RECIPIENT, command('close-journey', day(6))).ok).toBe(true);
    // the new lead may hand it back
    const back = accepted.do(RECIPIENT, command('request-hand-off', day(6), { toProviderId: LEAD }));
    expect(back.state.pendingHandOff).toMatchObject({ handOffId: 'handoff-7', fromProviderId: RECIPIENT });
    expect(roleOf(back.state, LEAD)).toBe('hand-off-recipient');
  });

  it('hands off to an involved provider: it leads, and is no longer listed as involved', () => {
    const involved = build.involved();
    const pending = involved.do(LEAD, command('request-hand-off', day(4), { toProviderId: INVOLVED }));
    expect(roleOf(pending.state, INVOLVED)).toBe('involved');
    const accepted = pending.do(INVOLVED, command('accept-hand-off', day(5)));
    expect(accepted.state.leadProviderId).toBe(INVOLVED);
    expect(accepted.state.involvedProviderIds).toEqual([]);
    expect(roleOf(accepted.state, LEAD)).toBe('none');
  });

  it('declines with a reason: nothing moves, the recipient is a stranger again, a new request may follow', () => {
    const pending = build.pendingHandOff();
    const declined = pending.do(RECIPIENT, command('decline-hand-off', day(5), { reason: 'not-eligible' }));
    expect(declined.events.at(-1)).toMatchObject({
      type: 'waymark.journey.hand-off-declined.v1',
      time: day(5),
      data: { handOffId: PENDING_HAND_OFF_ID, fromProviderId: LEAD, toProviderId: RECIPIENT, reason: 'not-eligible' },
    });
    expect(declined.state).toMatchObject({ leadProviderId: LEAD, pendingHandOff: undefined });
    expect(roleOf(declined.state, RECIPIENT)).toBe('none');
    expect(declined.try(RECIPIENT, command('accept-hand-off', day(6)))).toMatchObject(
      refusal('not-a-participant', 'not-found'),
    );
    const again = declined.do(LEAD, command('request-hand-off', day(6), { toProviderId: NEWCOMER }));
    expect(again.state.pendingHandOff?.handOffId).toBe('handoff-7');
  });

  it('cannot answer the same hand-off twice', () => {
    const accepted = build.pendingHandOff().do(RECIPIENT, command('accept-hand-off', day(5)));
    expect(accepted.try(RECIPIENT, command('accept-hand-off', day(6)))).toMatchObject(
      refusal('no-such-hand-off', 'conflict', 'handOffId'),
    );
  });
});

describe('involvement', () => {
  it('brings a provider in alongside the lead', () => {
    const involved = build.active().do(LEAD, command('involve-provider', day(4), { providerId: NEWCOMER }));
    expect(involved.events.at(-1)).toMatchObject({
      type: 'waymark.journey.provider-involved.v1',
      data: { providerId: NEWCOMER, byProviderId: LEAD },
    });
    expect(involved.state.involvedProviderIds).toEqual([NEWCOMER]);
    expect(involved.state.leadProviderId).toBe(LEAD);
    expect(involved.try(NEWCOMER, command('record-assessment', day(5))).ok).toBe(true);
  });

  it('refuses to involve a provider twice, or the lead itself', () => {
    const journey = build.involved();
    expect(journey.try(LEAD, command('involve-provider', day(5), { providerId: INVOLVED }))).toMatchObject(
      refusal('already-involved', 'conflict', 'providerId'),
    );
    expect(journey.try(LEAD, command('involve-provider', day(5), { providerId: LEAD }))).toMatchObject(
      refusal('already-involved', 'conflict', 'providerId'),
    );
  });

  it('may involve the provider a hand-off awaits, which can still accept it', () => {
    const pending = build.pendingHandOff().do(LEAD, command('involve-provider', day(4), { providerId: RECIPIENT }));
    expect(roleOf(pending.state, RECIPIENT)).toBe('involved');
    const accepted = pending.do(RECIPIENT, command('accept-hand-off', day(5)));
    expect(accepted.state).toMatchObject({ leadProviderId: RECIPIENT, involvedProviderIds: [INVOLVED] });
  });
});

describe('closure', () => {
  it('is for the lead only', () => {
    const journey = build.involved();
    expect(journey.try(INVOLVED, command('close-journey', day(5)))).toMatchObject(refusal('lead-only', 'conflict'));
    expect(journey.try(STRANGER, command('close-journey', day(5)))).toMatchObject(
      refusal('not-a-participant', 'not-found'),
    );
  });

  it('a resolved closure opens a follow-up window of followUpDays from occurredAt', () => {
    const closed = build.involved().do(LEAD, command('close-journey', day(10, 3)));
    const followUpEndsAt = plus(day(10, 3), 90 * DAY_MS);
    expect(followUpEndsAt).toBe('2026-06-10T12:00:00.000Z');
    expect(closed.events.at(-1)).toMatchObject({
      type: 'waymark.journey.closed.v1',
      time: day(10, 3),
      data: { providerId: LEAD, outcome: 'resolved', followUpEndsAt },
    });
    expect(closed.state).toMatchObject({
      status: 'closed',
      closure: { outcome: 'resolved', closedAt: day(10, 3), followUpEndsAt },
    });
  });

  it('uses the configured follow-up window', () => {
    const settings = { ...DEFAULT_SETTINGS, followUpDays: 14 };
    const closed = build.involved({ settings }).do(LEAD, command('close-journey', day(10)));
    expect(closed.state.closure).toEqual({
      outcome: 'resolved',
      closedAt: day(10),
      followUpEndsAt: day(24),
      recordedAt: NOW.toISOString(),
    });
  });

  it('an unresolved closure carries its reason and ends the journey', () => {
    const closed = build
      .involved()
      .do(LEAD, command('close-journey', day(10), { outcome: 'unresolved', reason: 'moved-away' }));
    expect(closed.events.at(-1)?.data).toEqual({ providerId: LEAD, outcome: 'unresolved', reason: 'moved-away' });
    expect(closed.state.closure).toEqual({ outcome: 'unresolved', closedAt: day(10), reason: 'moved-away' });
  });

  it('drops a pending hand-off: the recipient can no longer answer it', () => {
    const closed = build.pendingHandOff().do(LEAD, command('close-journey', day(10)));
    expect(closed.state.pendingHandOff).toBeUndefined();
    expect(roleOf(closed.state, RECIPIENT)).toBe('none');
    expect(closed.try(RECIPIENT, command('accept-hand-off', day(11)))).toMatchObject(
      refusal('not-a-participant', 'not-found'),
    );
  });

  it.each(['closedUnresolved', 'sustainedFinal'] as const)(
    '%s refuses every command from the lead with journey-ended',
    (stateName) => {
      const journey = build[stateName]();
      for (const type of COMMAND_TYPES) {
        expect(journey.try(LEAD, command(type, day(40)))).toMatchObject(refusal('journey-ended', 'conflict'));
      }
    },
  );
});

describe('re-presentation: a contact inside the follow-up window', () => {
  const closed = build.closedResolved();
  const { closedAt, followUpEndsAt } = closed.state.closure as { closedAt: string; followUpEndsAt: string };

  it('reopens the journey, then records the contact, both at the contact time', () => {
    const reopened = closed.do(
      INVOLVED,
      command('record-contact', day(30), { demand: 'failure', failureReason: 'not-solved', channel: 'in-person' }),
    );
    const [reopen, contact, ...rest] = reopened.eventsSince(closed.state.seq + 1);
    expect(rest).toEqual([]);
    expect(reopen).toMatchObject({
      type: 'waymark.journey.reopened.v1',
      seq: closed.state.seq + 1,
      time: day(30),
      data: { reason: 're-presentation', closedAt },
    });
    expect(contact).toMatchObject({
      type: 'waymark.journey.contact-recorded.v1',
      seq: closed.state.seq + 2,
      time: day(30),
      data: { providerId: INVOLVED, demand: 'failure', failureReason: 'not-solved', channel: 'in-person' },
    });
    expect(reopened.state).toMatchObject({
      status: 'active',
      reopenCount: 1,
      openedAt: OPENED_AT,
      closure: undefined,
      lastActivityAt: day(30),
      leadProviderId: LEAD,
      involvedProviderIds: [INVOLVED],
    });
  });

  it('includes both ends of the window', () => {
    expect(closed.try(LEAD, command('record-contact', closedAt)).ok).toBe(true);
    expect(closed.try(LEAD, command('record-contact', followUpEndsAt)).ok).toBe(true);
  });

  it('refuses a contact from before the closure', () => {
    expect(closed.try(LEAD, command('record-contact', plus(closedAt, -1)))).toMatchObject(
      refusal('journey-closed', 'conflict'),
    );
  });

  it('refuses a contact after the window (a new journey is needed)', () => {
    expect(closed.try(LEAD, command('record-contact', plus(followUpEndsAt, 1)))).toMatchObject(
      refusal('journey-ended', 'conflict'),
    );
  });

  it('counts every re-presentation and keeps the original start', () => {
    const twice = build
      .reopened()
      .do(LEAD, command('close-journey', day(20)))
      .do(LEAD, command('record-contact', day(21)));
    expect(twice.state).toMatchObject({ status: 'active', reopenCount: 2, openedAt: OPENED_AT });
    const reopenEvents = twice.events.filter((e) => e.type === 'waymark.journey.reopened.v1');
    expect(reopenEvents.map((e) => e.data)).toEqual([
      { reason: 're-presentation', closedAt: day(10) },
      { reason: 're-presentation', closedAt: day(20) },
    ]);
  });

  it('a later resolved closure starts a fresh window from its own time', () => {
    const again = build.reopened().do(LEAD, command('close-journey', day(20)));
    expect(again.state.closure).toEqual({
      outcome: 'resolved',
      closedAt: day(20),
      followUpEndsAt: day(110),
      recordedAt: NOW.toISOString(),
    });
    expect(again.deadline).toEqual({ kind: 'sustain', at: Date.parse(day(110)) });
  });
});

describe('every fixture state', () => {
  it.each(STATE_NAMES)('%s was built from real events only, in order', (stateName) => {
    const journey: Journey = build[stateName]();
    expect(journey.events.map((e) => e.seq)).toEqual(journey.events.map((_, i) => i + 1));
    expect(journey.state.seq).toBe(journey.events.length);
    expect(journey.events[0]?.type).toBe('waymark.journey.opened.v1');
  });
});
