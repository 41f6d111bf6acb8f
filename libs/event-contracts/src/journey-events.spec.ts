import { EVENT_SOURCE, journeyEventId } from './envelope';
import { JOURNEY_EVENT_TYPES, JourneyEvent, JourneyEventOf, JourneyEventType } from './journey-events';
import { CANONICAL_INSTANT } from './envelope';
import { decodeJourneyEvent, readJourneyEvent, validateJourneyEvent } from './validation';

const JOURNEY_ID = '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f';

const envelope = <T extends JourneyEventType>(type: T, seq: number, time: string) =>
  ({
    specversion: '1.0',
    id: journeyEventId(JOURNEY_ID, seq),
    source: EVENT_SOURCE,
    subject: JOURNEY_ID,
    time,
    recordedat: '2026-11-29T12:00:00.000Z',
    seq,
    datacontenttype: 'application/json',
    type,
  }) as const;

/**
 * One valid example of every event type. The mapped type makes a new event
 * type a compile error here until it has an example; the first test catches it
 * at run time too.
 */
const EXAMPLES: { [T in JourneyEventType]: JourneyEventOf<T> } = {
  'waymark.journey.opened.v1': {
    ...envelope('waymark.journey.opened.v1', 1, '2026-11-20T09:30:00.000Z'),
    data: { leadProviderId: 'council-housing', areaCode: 'E05000001', ageBand: '25-34' },
  },
  'waymark.journey.contact-recorded.v1': {
    ...envelope('waymark.journey.contact-recorded.v1', 2, '2026-11-20T09:30:00.000Z'),
    data: { providerId: 'council-housing', channel: 'phone', minutesSpent: 20, demand: 'value', valueKind: 'new-need' },
  },
  'waymark.journey.what-matters-recorded.v1': {
    ...envelope('waymark.journey.what-matters-recorded.v1', 3, '2026-11-20T09:00:00.000Z'),
    data: {
      providerId: 'council-housing',
      items: [
        { itemId: 'wm-1', domain: 'housing' },
        { itemId: 'wm_2', domain: 'mental-health' },
      ],
    },
  },
  'waymark.journey.assessment-recorded.v1': {
    ...envelope('waymark.journey.assessment-recorded.v1', 4, '2026-11-21T09:00:00.000Z'),
    data: { providerId: 'council-housing', assessmentType: 'housing', minutesSpent: 60 },
  },
  'waymark.journey.help-given.v1': {
    ...envelope('waymark.journey.help-given.v1', 5, '2026-11-22T09:00:00.123Z'),
    data: { providerId: 'money-advice', helpType: 'advocacy', whatMattersItemIds: ['wm-1', 'wm_2'], minutesSpent: 0 },
  },
  'waymark.journey.hand-off-requested.v1': {
    ...envelope('waymark.journey.hand-off-requested.v1', 6, '2026-11-23T09:00:00.000Z'),
    data: { handOffId: 'handoff-6', fromProviderId: 'council-housing', toProviderId: 'mind-local' },
  },
  'waymark.journey.hand-off-accepted.v1': {
    ...envelope('waymark.journey.hand-off-accepted.v1', 7, '2026-11-24T09:00:00.000Z'),
    data: { handOffId: 'handoff-6', fromProviderId: 'council-housing', toProviderId: 'mind-local' },
  },
  'waymark.journey.hand-off-declined.v1': {
    ...envelope('waymark.journey.hand-off-declined.v1', 8, '2026-11-24T09:00:00.000Z'),
    data: {
      handOffId: 'handoff-6',
      fromProviderId: 'council-housing',
      toProviderId: 'mind-local',
      reason: 'no-capacity',
    },
  },
  'waymark.journey.provider-involved.v1': {
    ...envelope('waymark.journey.provider-involved.v1', 9, '2026-11-25T09:00:00.000Z'),
    data: { providerId: 'money-advice', byProviderId: 'mind-local' },
  },
  'waymark.journey.progress-rated.v1': {
    ...envelope('waymark.journey.progress-rated.v1', 10, '2026-11-26T09:00:00.000Z'),
    data: { providerId: 'mind-local', rating: 10, whatMattersItemId: 'wm-1' },
  },
  'waymark.journey.closed.v1': {
    ...envelope('waymark.journey.closed.v1', 11, '2026-11-27T09:00:00.000Z'),
    data: { providerId: 'mind-local', outcome: 'resolved', followUpEndsAt: '2027-02-25T09:00:00.000Z' },
  },
  'waymark.journey.stalled.v1': {
    ...envelope('waymark.journey.stalled.v1', 12, '2026-12-25T09:00:00.000Z'),
    data: { lastActivityAt: '2026-11-27T09:00:00.000Z', stallDays: 28 },
  },
  'waymark.journey.reopened.v1': {
    ...envelope('waymark.journey.reopened.v1', 13, '2026-12-30T09:00:00.000Z'),
    data: { reason: 're-presentation', closedAt: '2026-11-27T09:00:00.000Z' },
  },
  'waymark.journey.resolution-sustained.v1': {
    ...envelope('waymark.journey.resolution-sustained.v1', 14, '2027-02-25T09:00:00.000Z'),
    data: { closedAt: '2026-11-27T09:00:00.000Z', followUpDays: 90 },
  },
};

/** The other arm of each discriminated-union event. */
const VARIANTS: JourneyEvent[] = [
  {
    ...envelope('waymark.journey.contact-recorded.v1', 15, '2026-11-20T09:30:00.000Z'),
    data: {
      providerId: 'council-housing',
      channel: 'home-visit',
      minutesSpent: 1440,
      demand: 'failure',
      failureReason: 'chasing-progress',
    },
  },
  {
    ...envelope('waymark.journey.closed.v1', 16, '2026-11-27T09:00:00.000Z'),
    data: { providerId: 'mind-local', outcome: 'unresolved', reason: 'moved-away' },
  },
  {
    ...envelope('waymark.journey.progress-rated.v1', 17, '2026-11-26T09:00:00.000Z'),
    data: { providerId: 'mind-local', rating: 0 },
  },
];

const examples = JOURNEY_EVENT_TYPES.map((type) => [type, EXAMPLES[type] as JourneyEvent] as const);
const rejectionOf = (value: unknown): string => {
  const result = validateJourneyEvent(value);
  if (result.ok) throw new Error(`expected rejection of ${JSON.stringify(value)}`);
  return result.reason;
};

describe('journey event contracts', () => {
  it('has one example for every event type, and no example for a type that does not exist', () => {
    expect(Object.keys(EXAMPLES).sort()).toEqual([...JOURNEY_EVENT_TYPES].sort());
    expect(JOURNEY_EVENT_TYPES).toHaveLength(14);
    expect(new Set(JOURNEY_EVENT_TYPES).size).toBe(JOURNEY_EVENT_TYPES.length);
  });

  it('covers every event type DESIGN.md §5 asks for', () => {
    expect([...JOURNEY_EVENT_TYPES].sort()).toEqual(
      [
        'opened',
        'contact-recorded',
        'what-matters-recorded',
        'assessment-recorded',
        'help-given',
        'hand-off-requested',
        'hand-off-accepted',
        'hand-off-declined',
        'provider-involved',
        'progress-rated',
        'closed',
        'stalled',
        'reopened',
        'resolution-sustained',
      ]
        .map((t) => `waymark.journey.${t}.v1`)
        .sort(),
    );
  });

  describe.each(examples)('%s', (type, example) => {
    it('accepts the example unchanged', () => {
      expect(example.type).toBe(type);
      expect(validateJourneyEvent(example)).toEqual({ ok: true, event: example });
    });

    it('round-trips through a Kafka message value', () => {
      expect(decodeJourneyEvent(Buffer.from(JSON.stringify(example)))).toEqual({ ok: true, event: example });
    });

    it('rejects an unknown field in data, naming it', () => {
      expect(rejectionOf({ ...example, data: { ...example.data, personName: 'Jane Smith' } })).toContain('personName');
    });

    it('rejects an unknown field in the envelope, naming it', () => {
      expect(rejectionOf({ ...example, comment: 'called about rent' })).toContain('comment');
    });

    it('rejects data missing any required field', () => {
      const optional = type === 'waymark.journey.progress-rated.v1' ? ['whatMattersItemId'] : [];
      for (const key of Object.keys(example.data).filter((k) => !optional.includes(k))) {
        const data: Record<string, unknown> = { ...example.data };
        delete data[key];
        expect(validateJourneyEvent({ ...example, data }).ok).toBe(false);
      }
    });

    it('rejects an envelope missing any field', () => {
      for (const key of Object.keys(example)) {
        const partial: Record<string, unknown> = { ...example };
        delete partial[key];
        expect(validateJourneyEvent(partial).ok).toBe(false);
      }
    });

    it.each([0, -1, 1.5, '1', null, Number.NaN])('rejects seq %p', (seq) => {
      expect(rejectionOf({ ...example, seq })).toContain('seq');
    });

    it.each([
      'abc',
      JOURNEY_ID,
      `${JOURNEY_ID}:`,
      `${JOURNEY_ID}:x`,
      `${JOURNEY_ID}:-1`,
      `${JOURNEY_ID.toUpperCase()}:1`,
      `${JOURNEY_ID}:1 `,
      ':1',
      `${JOURNEY_ID.slice(0, -1)}:1`,
    ])('rejects id %p', (id) => {
      expect(rejectionOf({ ...example, id })).toContain('id');
    });

    it.each([
      '',
      'journey-1',
      '7b0c1f43-5c1e-4c6b-9d55',
      `{${JOURNEY_ID}}`,
      `${JOURNEY_ID}:1`,
      'zb0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f',
    ])('rejects subject %p', (subject) => {
      expect(rejectionOf({ ...example, subject })).toContain('subject');
    });

    it.each(['2026-11-20', '20/11/2026 09:30', '2026-11-20T09:30:00', 'yesterday', ''])('rejects time %p', (time) => {
      expect(rejectionOf({ ...example, time })).toContain('time');
      expect(rejectionOf({ ...example, recordedat: time })).toContain('recordedat');
    });

    it('rejects another source, spec version or content type', () => {
      expect(rejectionOf({ ...example, source: '/elsewhere' })).toContain('source');
      expect(rejectionOf({ ...example, specversion: '0.3' })).toContain('specversion');
      expect(rejectionOf({ ...example, datacontenttype: 'text/plain' })).toContain('datacontenttype');
    });

    it('rejects its data under another version of its type', () => {
      expect(validateJourneyEvent({ ...example, type: type.replace(/\.v1$/, '.v2') }).ok).toBe(false);
    });
  });

  it.each(VARIANTS.map((v) => [`${v.type} (${JSON.stringify(v.data).slice(0, 60)}…)`, v] as const))(
    'accepts the other variant %s',
    (_name, variant) => {
      expect(validateJourneyEvent(variant)).toEqual({ ok: true, event: variant });
    },
  );

  it('does not let one contact variant borrow the other variant’s field', () => {
    const value = EXAMPLES['waymark.journey.contact-recorded.v1'];
    expect(validateJourneyEvent({ ...value, data: { ...value.data, failureReason: 'wrong-service' } }).ok).toBe(false);
    expect(validateJourneyEvent({ ...value, data: { ...value.data, demand: 'failure' } }).ok).toBe(false);
  });

  it('does not let a resolved closure carry an unresolved reason, or lack its window', () => {
    const closed = EXAMPLES['waymark.journey.closed.v1'];
    expect(validateJourneyEvent({ ...closed, data: { ...closed.data, reason: 'declined' } }).ok).toBe(false);
    expect(validateJourneyEvent({ ...closed, data: { providerId: 'mind-local', outcome: 'resolved' } }).ok).toBe(false);
  });

  it.each([
    ['an area code in lower case', 'waymark.journey.opened.v1', { areaCode: 'e05000001' }],
    ['an unknown age band', 'waymark.journey.opened.v1', { ageBand: '30' }],
    ['a provider id with spaces', 'waymark.journey.opened.v1', { leadProviderId: 'Council Housing' }],
    ['minutes over a day', 'waymark.journey.assessment-recorded.v1', { minutesSpent: 1441 }],
    ['fractional minutes', 'waymark.journey.assessment-recorded.v1', { minutesSpent: 1.5 }],
    ['a rating over 10', 'waymark.journey.progress-rated.v1', { rating: 11 }],
    ['a negative rating', 'waymark.journey.progress-rated.v1', { rating: -1 }],
    ['a malformed hand-off id', 'waymark.journey.hand-off-requested.v1', { handOffId: 'handoff-x' }],
    ['no what-matters items', 'waymark.journey.what-matters-recorded.v1', { items: [] }],
    ['help for no item', 'waymark.journey.help-given.v1', { whatMattersItemIds: [] }],
    ['an item id with spaces', 'waymark.journey.help-given.v1', { whatMattersItemIds: ['Jane Smith'] }],
    ['an unknown decline reason', 'waymark.journey.hand-off-declined.v1', { reason: 'she was rude' }],
    ['another reopen reason', 'waymark.journey.reopened.v1', { reason: 'new-need' }],
    ['a zero stall period', 'waymark.journey.stalled.v1', { stallDays: 0 }],
  ] as const)('rejects %s', (_name, type, change) => {
    const example = EXAMPLES[type] as JourneyEvent;
    expect(validateJourneyEvent({ ...example, data: { ...example.data, ...change } }).ok).toBe(false);
  });
});

/** Every instant an event carries, as [path, value]: found by shape, so a new instant field is covered too. */
function instantsOf(value: unknown, path: string[] = []): [string[], string][] {
  if (typeof value === 'string') return CANONICAL_INSTANT.test(value) ? [[path, value]] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => instantsOf(v, [...path, k]));
}

function withValueAt<T>(value: T, path: string[], replacement: unknown): T {
  if (path.length === 0) return replacement as T;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  copy[head] = withValueAt(copy[head], rest, replacement);
  return copy as T;
}

describe('instants in events: one format on the wire', () => {
  const all = [...examples.map(([, e]) => e), ...VARIANTS];
  const carried = all.flatMap((event) =>
    instantsOf(event).map(([path]) => [event.type, path.join('.'), event] as const),
  );

  it('finds every kind of instant field among the examples', () => {
    expect(new Set(carried.map(([, path]) => path))).toEqual(
      new Set(['time', 'recordedat', 'data.followUpEndsAt', 'data.lastActivityAt', 'data.closedAt']),
    );
  });

  it.each(carried)('%s %s: an offset or another precision comes out as UTC with milliseconds', (_t, path, event) => {
    const at = path.split('.');
    // 2026-11-20T10:00:00.000Z written three other ways
    for (const written of ['2026-11-20T11:00:00+01:00', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00.0004Z']) {
      for (const check of [validateJourneyEvent, readJourneyEvent]) {
        expect(check(withValueAt(event, at, written))).toEqual({
          ok: true,
          event: withValueAt(event, at, '2026-11-20T10:00:00.000Z'),
        });
      }
    }
  });

  it.each(carried)('%s %s: refuses one without an offset, or not a real date', (_t, path, event) => {
    const at = path.split('.');
    for (const written of ['2026-11-20T10:00:00', '2026-02-30T10:00:00Z', '2026-11-20T24:00:00Z', '20/11/2026']) {
      expect(validateJourneyEvent(withValueAt(event, at, written)).ok).toBe(false);
      expect(readJourneyEvent(withValueAt(event, at, written)).ok).toBe(false);
    }
  });

  it('refuses an instant that leaves the years 0000–9999 once moved to UTC', () => {
    const opened = EXAMPLES['waymark.journey.opened.v1'];
    expect(rejectionOf({ ...opened, time: '0000-01-01T00:30:00+01:00' })).toContain('years 0000–9999');
    expect(validateJourneyEvent({ ...opened, time: '0050-06-01T12:00:00Z' })).toEqual({
      ok: true,
      event: { ...opened, time: '0050-06-01T12:00:00.000Z' }, // the contract says how, not when: see measures-projection
    });
  });
});

describe('strict producer, tolerant reader', () => {
  const opened = EXAMPLES['waymark.journey.opened.v1'];
  const newer = {
    ...opened,
    traceparent: '00-abc-def-01', // an envelope extension a newer producer adds
    data: { ...opened.data, referralSource: 'gp' }, // an optional data field added within v1
  };
  const withItemFlag = {
    ...EXAMPLES['waymark.journey.what-matters-recorded.v1'],
    data: {
      providerId: 'council-housing',
      items: [{ itemId: 'wm-1', domain: 'housing', priority: 1 }],
    },
  };

  it('the producer refuses fields it does not know, naming them', () => {
    const reason = rejectionOf(newer);
    expect(reason).toContain('traceparent');
    expect(reason).toContain('referralSource');
    expect(rejectionOf(withItemFlag)).toContain('priority');
  });

  it('the reader drops fields it does not know, in the envelope, in data and in nested objects', () => {
    expect(readJourneyEvent(newer)).toEqual({ ok: true, event: opened });
    expect(decodeJourneyEvent(JSON.stringify(newer))).toEqual({ ok: true, event: opened });
    expect(readJourneyEvent(withItemFlag)).toEqual({
      ok: true,
      event: {
        ...withItemFlag,
        data: { providerId: 'council-housing', items: [{ itemId: 'wm-1', domain: 'housing' }] },
      },
    });
  });

  it('the reader still refuses wrong types, missing fields and unknown types', () => {
    expect(readJourneyEvent({ ...newer, seq: '1' }).ok).toBe(false);
    expect(readJourneyEvent({ ...newer, data: { ...newer.data, ageBand: 30 } }).ok).toBe(false);
    const { areaCode: _dropped, ...withoutArea } = newer.data;
    expect(readJourneyEvent({ ...newer, data: withoutArea }).ok).toBe(false);
    expect(readJourneyEvent({ ...newer, type: 'waymark.journey.opened.v2' }).ok).toBe(false);
    const contact = EXAMPLES['waymark.journey.contact-recorded.v1'];
    // A known field of the other variant is not "unknown": the variant's own rules still apply.
    expect(readJourneyEvent({ ...contact, data: { ...contact.data, demand: 'failure' } }).ok).toBe(false);
  });
});
