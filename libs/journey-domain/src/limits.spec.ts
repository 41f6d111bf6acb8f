import { JourneyEvent } from '@waymark/event-contracts';
import { COMMAND_BODIES, CommandOf, CommandType, NOTE_MAX_LENGTH } from './commands';
import { JOURNEY_LIMITS, overLimit } from './rules/limits';
import { build, command, day, INVOLVED, Journey, LEAD } from './testing/fixtures';

const NONE = { unpublishedEvents: 0 };
const refusal = (rule: string, kind: string, field?: string) => ({ rule, kind, ...(field ? { field } : {}) });
const item = (n: number, text?: string) => ({
  itemId: `item-${String(n).padStart(35, '0')}`, // 40 characters, the longest an id may be
  domain: 'relationships' as const,
  ...(text ? { text } : {}),
});
/** The most bytes a note may take: every character three bytes of UTF-8. */
const widestNote = '€'.repeat(NOTE_MAX_LENGTH);

/** Records what-matters items numbered from..to (inclusive), twenty a command. */
function withItems(journey: Journey, from: number, to: number, text?: string): Journey {
  let grown = journey;
  for (let first = from; first <= to; first += 20) {
    const items = Array.from({ length: Math.min(20, to - first + 1) }, (_, i) => item(first + i, text));
    grown = grown.do(INVOLVED, command('record-what-matters', day(4), { items }));
  }
  return grown;
}

function withHelpNotes(journey: Journey, count: number, description = 'Rang the landlord'): Journey {
  let grown = journey;
  for (let i = 0; i < count; i++) {
    grown = grown.do(LEAD, command('give-help', day(5), { whatMattersItemIds: ['wm-1'], description }));
  }
  return grown;
}

function withInvolved(journey: Journey, count: number): Journey {
  let grown = journey;
  for (let i = grown.state.involvedProviderIds.length; i < count; i++) {
    const providerId = `provider-${String(i).padStart(54, '0')}`; // 63 characters, the longest an id may be
    grown = grown.do(LEAD, command('involve-provider', day(3), { providerId }));
  }
  return grown;
}

describe('journey limits', () => {
  const involved = build.involved(); // one what-matters item (wm-1), one involved provider

  describe('what-matters items', () => {
    const nearlyFull = withItems(involved, 2, JOURNEY_LIMITS.whatMattersItems - 3); // 47 items

    it('admits items up to the limit, counting those recorded before', () => {
      const three = [1, 2, 3].map((n) => item(900 + n));
      expect(overLimit(nearlyFull.state, command('record-what-matters', day(6), { items: three }), NONE)).toBe(
        undefined,
      );
    });

    it('refuses a command that would pass it, as invalid, naming the items field', () => {
      const four = [1, 2, 3, 4].map((n) => item(900 + n));
      const refused = overLimit(nearlyFull.state, command('record-what-matters', day(6), { items: four }), NONE);
      expect(refused).toMatchObject(refusal('what-matters-limit', 'invalid', 'items'));
      expect(refused?.message).toBe('a journey keeps at most 50 what-matters items; it has 47 and this adds 4');
    });

    it('lets any participant fill the journey, but no further: the limit is the journey’s, not the provider’s', () => {
      const full = withItems(involved, 2, JOURNEY_LIMITS.whatMattersItems);
      const byLead = command('record-what-matters', day(6), { items: [item(999)] });
      expect(overLimit(full.state, byLead, NONE)).toMatchObject(refusal('what-matters-limit', 'invalid', 'items'));
    });
  });

  describe('help descriptions', () => {
    const full = withHelpNotes(involved, JOURNEY_LIMITS.helpNotes);

    it('keeps up to the limit', () => {
      expect(full.state.helpNotes).toHaveLength(JOURNEY_LIMITS.helpNotes);
      const before = withHelpNotes(involved, JOURNEY_LIMITS.helpNotes - 1);
      const help = command('give-help', day(6), { whatMattersItemIds: ['wm-1'], description: 'one more' });
      expect(overLimit(before.state, help, NONE)).toBe(undefined);
    });

    it('then refuses a description, naming the field, but still records help without one', () => {
      const described = command('give-help', day(6), { whatMattersItemIds: ['wm-1'], description: 'one more' });
      expect(overLimit(full.state, described, NONE)).toMatchObject(
        refusal('help-notes-limit', 'invalid', 'description'),
      );
      const plain = command('give-help', day(6), { whatMattersItemIds: ['wm-1'] });
      expect(overLimit(full.state, plain, NONE)).toBe(undefined);
    });
  });

  describe('involved providers', () => {
    const full = withInvolved(involved, JOURNEY_LIMITS.involvedProviders);

    it('admits involvements up to the limit, then refuses the next, naming the providerId field', () => {
      expect(full.state.involvedProviderIds).toHaveLength(JOURNEY_LIMITS.involvedProviders);
      const before = withInvolved(involved, JOURNEY_LIMITS.involvedProviders - 1);
      const next = command('involve-provider', day(6), { providerId: 'one-more' });
      expect(overLimit(before.state, next, NONE)).toBe(undefined);
      expect(overLimit(full.state, next, NONE)).toMatchObject(
        refusal('involved-providers-limit', 'invalid', 'providerId'),
      );
    });
  });

  describe('the publication backlog', () => {
    it('refuses every command as unavailable while the backlog is at its limit, and admits it below', () => {
      for (const type of Object.keys(COMMAND_BODIES) as CommandType[]) {
        const cmd = command(type, day(6)) as CommandOf<CommandType>;
        const full = { unpublishedEvents: JOURNEY_LIMITS.unpublishedEvents };
        expect(overLimit(involved.state, cmd, full)).toMatchObject(refusal('events-backlog', 'unavailable'));
        const below = { unpublishedEvents: JOURNEY_LIMITS.unpublishedEvents - 1 };
        expect(overLimit(involved.state, cmd, below)).toBe(undefined);
      }
    });
  });

  it('limits nothing else: other commands on a journey at every limit are admitted', () => {
    const full = withInvolved(withHelpNotes(withItems(involved, 2, 50), 100), 20);
    for (const type of ['record-contact', 'record-assessment', 'rate-progress', 'request-hand-off'] as const) {
      expect(overLimit(full.state, command(type, day(6)), NONE)).toBe(undefined);
    }
  });

  describe('the worst case', () => {
    const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');
    // Every list at its limit, every id and note as long and as wide as it may be.
    const grown = withInvolved(
      withHelpNotes(withItems(involved, 2, JOURNEY_LIMITS.whatMattersItems, widestNote), 100, widestNote),
      JOURNEY_LIMITS.involvedProviders,
    );
    const largestEvent = (events: readonly JourneyEvent[]) => Math.max(...events.map(bytes));

    it('keeps the state under 300 kB', () => {
      expect(grown.state.whatMatters).toHaveLength(JOURNEY_LIMITS.whatMattersItems);
      expect(grown.state.helpNotes).toHaveLength(JOURNEY_LIMITS.helpNotes);
      expect(bytes(grown.state)).toBeLessThan(300_000);
    });

    it('with a full backlog of the largest events, stays under half of Temporal’s 2 MB payload limit', () => {
      // The largest events a command makes: twenty what-matters items, or help towards twenty of them.
      const ids = grown.state.whatMatters.slice(0, 20).map((i) => i.itemId);
      const helped = grown.do(LEAD, command('give-help', day(7), { whatMattersItemIds: ids }));
      const largest = Math.max(largestEvent(grown.events), largestEvent(helped.events));
      // A command admitted just under the limit may add two events (a re-presentation reopens, then records).
      const backlog = (JOURNEY_LIMITS.unpublishedEvents + 1) * largest;
      expect(bytes(grown.state) + backlog).toBeLessThan(1_000_000);
    });
  });
});

describe('notes', () => {
  const helpWith = (description: string) =>
    COMMAND_BODIES['give-help'].safeParse({
      occurredAt: day(1),
      helpType: 'advice',
      whatMattersItemIds: ['wm-1'],
      minutesSpent: 5,
      description,
    });

  it.each(['Rang the landlord.\nWill ring again on Monday.', 'Tab\tseparated', 'Ünïcödé € 😀'])(
    'takes plain text: %j',
    (text) => {
      expect(helpWith(text).success).toBe(true);
    },
  );

  it.each(['bell\u0007', 'nul\u0000', 'escape\u001b[31m', 'lone \ud800 surrogate', 'x'.repeat(NOTE_MAX_LENGTH + 1)])(
    'refuses %j',
    (text) => {
      expect(helpWith(text).success).toBe(false);
    },
  );
});
