import { DEFAULT_PILOT_EPOCH, mustNotPredatePilot } from './rules/pilot-epoch';

describe('the pilot epoch: nothing recorded happened before the pilot began', () => {
  const epoch = '2024-04-01T00:00:00.000Z';

  it.each(['2024-04-01T00:00:00.000Z', '2024-04-01T00:00:00.001Z', '2026-11-29T09:00:00.000Z'])(
    'accepts %s',
    (occurredAt) => {
      expect(mustNotPredatePilot(occurredAt, epoch)).toBeUndefined();
    },
  );

  it.each(['2024-03-31T23:59:59.999Z', '1900-01-01T00:00:00.000Z', '0050-06-01T12:00:00.000Z'])(
    'refuses %s as invalid input, naming the field and the rule',
    (occurredAt) => {
      expect(mustNotPredatePilot(occurredAt, epoch)).toEqual({
        ok: false,
        rejection: {
          kind: 'invalid',
          rule: 'occurred-before-pilot-epoch',
          field: 'occurredAt',
          message: `occurredAt must not be before the pilot began (${epoch})`,
        },
      });
    },
  );

  it('has a default that refuses the dates seen in issue 9 and accepts recent history', () => {
    expect(mustNotPredatePilot('1900-01-01T00:00:00.000Z', DEFAULT_PILOT_EPOCH)).toBeDefined();
    expect(mustNotPredatePilot('0050-06-01T12:00:00.000Z', DEFAULT_PILOT_EPOCH)).toBeDefined();
    expect(mustNotPredatePilot('2021-06-01T12:00:00.000Z', DEFAULT_PILOT_EPOCH)).toBeUndefined();
  });
});
