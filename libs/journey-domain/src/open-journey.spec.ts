import { validateJourneyEvent } from '@waymark/event-contracts';
import { openJourneyBody } from './commands';
import { evolve, initialState, stamp } from './evolve';
import { openedState, openJourney } from './rules/open';

const journeyId = '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f';
const now = new Date('2026-11-29T12:00:00Z');
const body = openJourneyBody.parse({
  personRef: 'case-1042',
  areaCode: 'E05000001',
  ageBand: '25-34',
  occurredAt: '2026-11-20T09:30:00Z',
});
const command = { ...body, leadProviderId: 'council-housing' };

describe('opening a journey', () => {
  it('produces one opened event that carries no person reference', () => {
    const decision = openJourney(command, now);
    expect(decision).toEqual({
      ok: true,
      events: [
        {
          type: 'waymark.journey.opened.v1',
          time: '2026-11-20T09:30:00.000Z', // the body schema normalised it
          data: {
            leadProviderId: 'council-housing',
            areaCode: 'E05000001',
            ageBand: '25-34',
          },
        },
      ],
    });
    expect(JSON.stringify(decision)).not.toContain('case-1042');
  });

  it('accepts a back-dated contact from long ago (history is loaded in bulk)', () => {
    expect(openJourney({ ...command, occurredAt: '2025-01-01T00:00:00Z' }, now).ok).toBe(true);
  });

  it('refuses an occurredAt in the future, naming the rule and field', () => {
    expect(openJourney({ ...command, occurredAt: '2026-11-29T12:05:01Z' }, now)).toEqual({
      ok: false,
      rejection: {
        rule: 'occurred-at-in-future',
        kind: 'invalid',
        field: 'occurredAt',
        message: 'occurredAt must not be in the future',
      },
    });
  });

  it('stamps events with gap-free seq and deterministic ids that pass the contract', () => {
    const decision = openJourney(command, now);
    if (!decision.ok) throw new Error('expected acceptance');
    const state = initialState(journeyId, command);
    const [event] = stamp(state, decision.events, now);
    expect(event).toMatchObject({
      id: `${journeyId}:1`,
      seq: 1,
      subject: journeyId,
      recordedat: now.toISOString(),
    });
    expect(validateJourneyEvent(event)).toEqual({ ok: true, event });
    expect(stamp(state, decision.events, now)).toEqual([event]);
    expect(evolve(state, [event])).toMatchObject({
      status: 'open',
      seq: 1,
      openedAt: command.occurredAt,
    });
  });
});

describe('the open-journey body schema', () => {
  it.each([
    ['personRef', 'Jane Smith'],
    ['areaCode', 'e05'],
    ['ageBand', '30'],
    ['occurredAt', '20/11/2026'],
  ])('rejects a bad %s', (field, value) => {
    const result = openJourneyBody.safeParse({ ...body, [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([field]);
  });

  it('rejects fields it does not know', () => {
    expect(openJourneyBody.safeParse({ ...body, name: 'Jane' }).success).toBe(false);
  });

  it('writes occurredAt in the one format events use, whatever offset or precision it came with', () => {
    for (const occurredAt of ['2026-11-20T10:30:00+01:00', '2026-11-20T09:30:00Z', '2026-11-20T09:30:00.0001Z']) {
      expect(openJourneyBody.parse({ ...body, occurredAt }).occurredAt).toBe('2026-11-20T09:30:00.000Z');
    }
  });

  it('gives the opened state from the command alone, the same as applying its opened event', () => {
    const decision = openJourney(command, now);
    if (!decision.ok) throw new Error('refused');
    const initial = initialState(journeyId, command);
    expect(openedState(journeyId, command)).toEqual(evolve(initial, stamp(initial, decision.events, now)));
  });
});
