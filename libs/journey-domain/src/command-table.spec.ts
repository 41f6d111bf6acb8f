import type { JourneyEventType } from '@waymark/event-contracts';
import { COMMAND_BODIES, CommandType } from './commands';
import type { Rejection } from './decision';
import { roleOf } from './rules/guards';
import type { JourneyStatus } from './state';
import {
  build,
  command,
  day,
  INVOLVED,
  Journey,
  LEAD,
  PENDING_HAND_OFF_ID,
  RECIPIENT,
  STATE_NAMES,
  StateName,
  STRANGER,
} from './testing/fixtures';

/**
 * Every command, in every state, from every role: what the rules say happens.
 *
 * States are the `build` fixtures (see testing/fixtures.ts); every command acts
 * on day 40 after opening, which is after the stall and inside the follow-up
 * window. The commands are the fixture defaults: a value contact, what-matters
 * item `wm-2`, a needs assessment, help for `wm-1`, a hand-off to mind-local,
 * accepting / declining `handoff-5`, involving legal-aid, an overall rating and
 * a resolved closure.
 *
 * Columns: [lead, involved, hand-off recipient, stranger]. `n/a` means no
 * provider can hold that role in that state (checked below).
 */

type Expected =
  | { ok: true; status: JourneyStatus; types: JourneyEventType[] }
  | { ok: false; kind: Rejection['kind']; rule: string };

const NA = 'n/a' as const;
type Cell = Expected | typeof NA;
type Row = [lead: Cell, involved: Cell, recipient: Cell, stranger: Cell];

type ShortType = JourneyEventType extends `waymark.journey.${infer T}.v1` ? T : never;
const ok = (status: JourneyStatus, ...types: ShortType[]): Expected => ({
  ok: true,
  status,
  types: types.map((t) => `waymark.journey.${t}.v1` as JourneyEventType),
});
const no = (kind: Rejection['kind'], rule: string): Expected => ({ ok: false, kind, rule });

/** A provider with no part in the journey: 404, it learns nothing. */
const NOT_FOUND = no('not-found', 'not-a-participant');
const LEAD_ONLY = no('conflict', 'lead-only');
/** A participant whose role does not allow it (a hand-off recipient doing work). */
const NOT_PERMITTED = no('conflict', 'not-permitted');
const CLOSED = no('conflict', 'journey-closed');
const ENDED = no('conflict', 'journey-ended');
const NO_HAND_OFF = no('conflict', 'no-such-hand-off');
const NOT_RECIPIENT = no('conflict', 'not-hand-off-recipient');
const HAND_OFF_PENDING = no('conflict', 'hand-off-pending');
const UNKNOWN_ITEM = no('invalid', 'unknown-what-matters-item');

const A: JourneyStatus = 'active';

const TABLE: Record<StateName, Record<CommandType, Row>> = {
  open: {
    'record-contact': [ok(A, 'contact-recorded'), NA, NA, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), NA, NA, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), NA, NA, NOT_FOUND],
    // no what-matters conversation yet, so help cannot address wm-1
    'give-help': [UNKNOWN_ITEM, NA, NA, NOT_FOUND],
    'request-hand-off': [ok(A, 'hand-off-requested'), NA, NA, NOT_FOUND],
    'accept-hand-off': [NO_HAND_OFF, NA, NA, NOT_FOUND],
    'decline-hand-off': [NO_HAND_OFF, NA, NA, NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), NA, NA, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), NA, NA, NOT_FOUND],
    'close-journey': [ok('closed', 'closed'), NA, NA, NOT_FOUND],
  },
  active: {
    'record-contact': [ok(A, 'contact-recorded'), NA, NA, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), NA, NA, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), NA, NA, NOT_FOUND],
    'give-help': [ok(A, 'help-given'), NA, NA, NOT_FOUND],
    'request-hand-off': [ok(A, 'hand-off-requested'), NA, NA, NOT_FOUND],
    'accept-hand-off': [NO_HAND_OFF, NA, NA, NOT_FOUND],
    'decline-hand-off': [NO_HAND_OFF, NA, NA, NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), NA, NA, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), NA, NA, NOT_FOUND],
    'close-journey': [ok('closed', 'closed'), NA, NA, NOT_FOUND],
  },
  involved: {
    'record-contact': [ok(A, 'contact-recorded'), ok(A, 'contact-recorded'), NA, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), ok(A, 'what-matters-recorded'), NA, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), ok(A, 'assessment-recorded'), NA, NOT_FOUND],
    'give-help': [ok(A, 'help-given'), ok(A, 'help-given'), NA, NOT_FOUND],
    'request-hand-off': [ok(A, 'hand-off-requested'), LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [NO_HAND_OFF, NO_HAND_OFF, NA, NOT_FOUND],
    'decline-hand-off': [NO_HAND_OFF, NO_HAND_OFF, NA, NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), ok(A, 'progress-rated'), NA, NOT_FOUND],
    'close-journey': [ok('closed', 'closed'), LEAD_ONLY, NA, NOT_FOUND],
  },
  pendingHandOff: {
    'record-contact': [ok(A, 'contact-recorded'), ok(A, 'contact-recorded'), NOT_PERMITTED, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), ok(A, 'what-matters-recorded'), NOT_PERMITTED, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), ok(A, 'assessment-recorded'), NOT_PERMITTED, NOT_FOUND],
    'give-help': [ok(A, 'help-given'), ok(A, 'help-given'), NOT_PERMITTED, NOT_FOUND],
    'request-hand-off': [HAND_OFF_PENDING, LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
    'accept-hand-off': [NOT_RECIPIENT, NOT_RECIPIENT, ok(A, 'hand-off-accepted'), NOT_FOUND],
    'decline-hand-off': [NOT_RECIPIENT, NOT_RECIPIENT, ok(A, 'hand-off-declined'), NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), ok(A, 'progress-rated'), NOT_PERMITTED, NOT_FOUND],
    // closing drops the pending hand-off without an answer (see closure specs)
    'close-journey': [ok('closed', 'closed'), LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
  },
  stalled: {
    'record-contact': [ok(A, 'contact-recorded'), ok(A, 'contact-recorded'), NOT_PERMITTED, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), ok(A, 'what-matters-recorded'), NOT_PERMITTED, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), ok(A, 'assessment-recorded'), NOT_PERMITTED, NOT_FOUND],
    'give-help': [ok(A, 'help-given'), ok(A, 'help-given'), NOT_PERMITTED, NOT_FOUND],
    'request-hand-off': [HAND_OFF_PENDING, LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
    'accept-hand-off': [NOT_RECIPIENT, NOT_RECIPIENT, ok(A, 'hand-off-accepted'), NOT_FOUND],
    'decline-hand-off': [NOT_RECIPIENT, NOT_RECIPIENT, ok(A, 'hand-off-declined'), NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), ok(A, 'progress-rated'), NOT_PERMITTED, NOT_FOUND],
    'close-journey': [ok('closed', 'closed'), LEAD_ONLY, LEAD_ONLY, NOT_FOUND],
  },
  closedResolved: {
    // a contact inside the follow-up window is a re-presentation
    'record-contact': [ok(A, 'reopened', 'contact-recorded'), ok(A, 'reopened', 'contact-recorded'), NA, NOT_FOUND],
    'record-what-matters': [CLOSED, CLOSED, NA, NOT_FOUND],
    'record-assessment': [CLOSED, CLOSED, NA, NOT_FOUND],
    'give-help': [CLOSED, CLOSED, NA, NOT_FOUND],
    'request-hand-off': [CLOSED, LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [CLOSED, CLOSED, NA, NOT_FOUND],
    'decline-hand-off': [CLOSED, CLOSED, NA, NOT_FOUND],
    'involve-provider': [CLOSED, LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [CLOSED, CLOSED, NA, NOT_FOUND],
    'close-journey': [CLOSED, LEAD_ONLY, NA, NOT_FOUND],
  },
  closedUnresolved: {
    'record-contact': [ENDED, ENDED, NA, NOT_FOUND],
    'record-what-matters': [ENDED, ENDED, NA, NOT_FOUND],
    'record-assessment': [ENDED, ENDED, NA, NOT_FOUND],
    'give-help': [ENDED, ENDED, NA, NOT_FOUND],
    'request-hand-off': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'decline-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'involve-provider': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [ENDED, ENDED, NA, NOT_FOUND],
    'close-journey': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
  },
  sustained: {
    // provisionally: a late contact dated inside the follow-up window is still a re-presentation
    'record-contact': [ok(A, 'reopened', 'contact-recorded'), ok(A, 'reopened', 'contact-recorded'), NA, NOT_FOUND],
    'record-what-matters': [ENDED, ENDED, NA, NOT_FOUND],
    'record-assessment': [ENDED, ENDED, NA, NOT_FOUND],
    'give-help': [ENDED, ENDED, NA, NOT_FOUND],
    'request-hand-off': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'decline-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'involve-provider': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [ENDED, ENDED, NA, NOT_FOUND],
    'close-journey': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
  },
  sustainedFinal: {
    // the late-record allowance is over
    'record-contact': [ENDED, ENDED, NA, NOT_FOUND],
    'record-what-matters': [ENDED, ENDED, NA, NOT_FOUND],
    'record-assessment': [ENDED, ENDED, NA, NOT_FOUND],
    'give-help': [ENDED, ENDED, NA, NOT_FOUND],
    'request-hand-off': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'decline-hand-off': [ENDED, ENDED, NA, NOT_FOUND],
    'involve-provider': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [ENDED, ENDED, NA, NOT_FOUND],
    'close-journey': [ENDED, LEAD_ONLY, NA, NOT_FOUND],
  },
  reopened: {
    'record-contact': [ok(A, 'contact-recorded'), ok(A, 'contact-recorded'), NA, NOT_FOUND],
    'record-what-matters': [ok(A, 'what-matters-recorded'), ok(A, 'what-matters-recorded'), NA, NOT_FOUND],
    'record-assessment': [ok(A, 'assessment-recorded'), ok(A, 'assessment-recorded'), NA, NOT_FOUND],
    'give-help': [ok(A, 'help-given'), ok(A, 'help-given'), NA, NOT_FOUND],
    'request-hand-off': [ok(A, 'hand-off-requested'), LEAD_ONLY, NA, NOT_FOUND],
    'accept-hand-off': [NO_HAND_OFF, NO_HAND_OFF, NA, NOT_FOUND],
    'decline-hand-off': [NO_HAND_OFF, NO_HAND_OFF, NA, NOT_FOUND],
    'involve-provider': [ok(A, 'provider-involved'), LEAD_ONLY, NA, NOT_FOUND],
    'rate-progress': [ok(A, 'progress-rated'), ok(A, 'progress-rated'), NA, NOT_FOUND],
    'close-journey': [ok('closed', 'closed'), LEAD_ONLY, NA, NOT_FOUND],
  },
};

const ROLES = [
  { column: 0, name: 'lead', provider: LEAD, role: 'lead' },
  { column: 1, name: 'involved', provider: INVOLVED, role: 'involved' },
  { column: 2, name: 'hand-off recipient', provider: RECIPIENT, role: 'hand-off-recipient' },
  { column: 3, name: 'stranger', provider: STRANGER, role: 'none' },
] as const;

/** The status each fixture must really be in, so a row cannot silently test the wrong state. */
const STATUS: Record<StateName, JourneyStatus> = {
  open: 'open',
  active: 'active',
  involved: 'active',
  pendingHandOff: 'active',
  stalled: 'stalled',
  closedResolved: 'closed',
  closedUnresolved: 'closed',
  sustained: 'sustained',
  sustainedFinal: 'sustained',
  reopened: 'active',
};

const ACT_AT = day(40);
const COMMAND_TYPES = Object.keys(COMMAND_BODIES) as CommandType[];

const journeys = new Map<StateName, Journey>();
const journeyIn = (state: StateName): Journey => {
  const cached = journeys.get(state) ?? build[state]();
  journeys.set(state, cached);
  return cached;
};

describe('the command table', () => {
  it('has a row for every command type in every state', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...STATE_NAMES].sort());
    for (const state of STATE_NAMES) expect(Object.keys(TABLE[state]).sort()).toEqual([...COMMAND_TYPES].sort());
  });

  describe.each(STATE_NAMES)('state %s', (stateName) => {
    it(`is really ${STATUS[stateName]}, with exactly the roles the table expects`, () => {
      const { state } = journeyIn(stateName);
      expect(state.status).toBe(STATUS[stateName]);
      for (const { column, provider, role } of ROLES) {
        const applicable = COMMAND_TYPES.some((type) => TABLE[stateName][type][column] !== NA);
        expect(roleOf(state, provider)).toBe(applicable ? role : 'none');
      }
      if (stateName === 'pendingHandOff' || stateName === 'stalled') {
        expect(state.pendingHandOff?.handOffId).toBe(PENDING_HAND_OFF_ID);
      }
    });

    const cases = COMMAND_TYPES.flatMap((type) =>
      ROLES.filter(({ column }) => TABLE[stateName][type][column] !== NA).map(
        ({ column, name, provider }) => [type, name, provider, TABLE[stateName][type][column] as Expected] as const,
      ),
    );

    it.each(cases)('%s by the %s', (type, _role, provider, expected) => {
      const journey = journeyIn(stateName);
      const outcome = journey.try(provider, command(type, ACT_AT));
      if (expected.ok) {
        if (!outcome.ok) throw new Error(`expected acceptance, got ${JSON.stringify(outcome.rejection)}`);
        expect(outcome.events.map((e) => e.type)).toEqual(expected.types);
        expect(outcome.state.status).toBe(expected.status);
        expect(outcome.events.map((e) => e.seq)).toEqual(expected.types.map((_, i) => journey.state.seq + i + 1));
        expect(outcome.state.seq).toBe(journey.state.seq + expected.types.length);
        for (const event of outcome.events) expect(event.time).toBe(ACT_AT);
      } else {
        expect(outcome).toMatchObject({ ok: false, rejection: { kind: expected.kind, rule: expected.rule } });
        expect(!outcome.ok && outcome.rejection.message).toEqual(expect.any(String));
      }
    });
  });
});
