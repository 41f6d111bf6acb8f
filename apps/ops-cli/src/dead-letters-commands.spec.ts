import { DeadLetter, ReplayBusyError, ReplayStep } from '@waymark/kafka';
import { DeadLetterAccess, runDeadLettersCommand } from './dead-letters-commands';
import { recordingOutput } from './output';

const J = '7b0c1f43-5c1e-4c6b-9d55-1a2b3c4d5e6f';

const letter = (offset: number, overrides: Partial<DeadLetter> = {}): DeadLetter => ({
  partition: 0,
  offset: String(offset),
  key: J,
  value: Buffer.from('{}'),
  headers: {},
  kind: 'failed',
  reason: 'applying it failed 5 times while the database answered: boom',
  group: 'measures-service',
  source: `waymark.journey-events.v1/3/${100 + offset}`,
  deadLetteredAt: '2026-11-29T09:00:00.000Z',
  event: { id: `${J}:${offset + 1}`, type: 'waymark.journey.opened.v1', seq: offset + 1 },
  ...overrides,
});

describe('runDeadLettersCommand', () => {
  const { out, err, output, clear } = recordingOutput();

  const invalid = letter(2, {
    kind: 'invalid',
    key: 'bad-key',
    reason: '✖ Invalid input\n  → at subject',
    event: { invalid: '✖ Invalid input\n  → at subject' },
  });
  const letters = [
    letter(0),
    letter(1, { group: 'e2e-other' }),
    invalid,
    letter(3, { kind: 'unplaceable', reason: `journey ${J} has no opened event before seq 4` }),
    letter(4, { group: undefined }),
  ];
  const access = (overrides: Partial<DeadLetterAccess> = {}): DeadLetterAccess => ({
    group: 'measures-service',
    read: async () => letters,
    positions: async () => new Map([[0, 1n]]), // offset 0 was replayed before
    replay: jest.fn(),
    ...overrides,
  });

  beforeEach(clear);

  it('lists the group’s dead letters with why and whether each was replayed, and counts the rest', async () => {
    expect(await runDeadLettersCommand({ name: 'dead-letters list' }, access(), output)).toBe(0);
    expect(out).toEqual([
      'OFFSET  SET ASIDE                 KIND         EVENT                                   TYPE       REPLAYED  REASON',
      `0       2026-11-29T09:00:00.000Z  failed       ${J}:1  opened.v1  yes       applying it failed 5 times while the database answered: boom`,
      '2       2026-11-29T09:00:00.000Z  invalid      bad-key                                 -          no        ✖ Invalid input → at subject',
      `3       2026-11-29T09:00:00.000Z  unplaceable  ${J}:4  opened.v1  no        journey ${J} has no opened event before seq 4`,
      '3 dead letters of "measures-service", 2 not replayed yet',
      '2 more belong to other consumer groups, or to none (set aside before dead letters named their group)',
    ]);
  });

  it('says what a replay would do, without doing it', async () => {
    const checked = access();
    expect(await runDeadLettersCommand({ name: 'dead-letters replay', check: true }, checked, output)).toBe(0);
    expect(checked.replay).not.toHaveBeenCalled();
    expect(out).toEqual([
      'would be passed over 2: still breaks the contract: ✖ Invalid input → at subject',
      `would be replayed 3: ${J}:4 opened.v1`,
      'check only, nothing published: 1 of "measures-service"\'s dead letters would be replayed, 1 passed over',
    ]);
  });

  it('replays, reporting each dead letter, and says so when there is nothing left', async () => {
    const steps: ReplayStep[] = [
      { letter: invalid, outcome: 'still-invalid' },
      { letter: letters[3], outcome: 'replayed' },
    ];
    const replay = async (onStep: (s: ReplayStep) => void) => steps.forEach(onStep);
    expect(await runDeadLettersCommand({ name: 'dead-letters replay', check: false }, access({ replay }), output)).toBe(
      0,
    );
    expect(out).toEqual([
      'passed over 2: still breaks the contract: ✖ Invalid input → at subject',
      `replayed 3: ${J}:4 opened.v1`,
      'replayed 1 of "measures-service"\'s dead letters to waymark.journey-events.v1, passed over 1 that still break the contract',
    ]);

    clear();
    const nothing = async () => undefined;
    await runDeadLettersCommand({ name: 'dead-letters replay', check: false }, access({ replay: nothing }), output);
    expect(out).toEqual(['nothing to replay: every dead letter of "measures-service" has been replayed']);
  });

  it('refuses while another replay of the group runs (exit 75)', async () => {
    const replay = async () => {
      throw new ReplayBusyError('a replay of measures-service’s dead letters is running');
    };
    expect(await runDeadLettersCommand({ name: 'dead-letters replay', check: false }, access({ replay }), output)).toBe(
      75,
    );
    expect(err).toEqual([
      'error: a replay of measures-service’s dead letters is running; try again when it has finished',
    ]);
  });
});
