import { parseCommand, UsageError } from './cli-args';

describe('workflows replay-check and payload-keys usage arguments', () => {
  it.each([
    [['workflows', 'replay-check'], { name: 'workflows replay-check', scope: { kind: 'running' }, json: false }],
    [
      ['workflows', 'replay-check', '--since', '2026-11-01', '--limit', '50', '--json'],
      {
        name: 'workflows replay-check',
        scope: { kind: 'since', since: new Date('2026-11-01T00:00:00Z') },
        limit: 50,
        json: true,
      },
    ],
    [
      ['workflows', 'replay-check', '--query', "WaymarkJourneyStatus = 'stalled'"],
      {
        name: 'workflows replay-check',
        scope: { kind: 'query', query: "WaymarkJourneyStatus = 'stalled'" },
        json: false,
      },
    ],
    [['payload-keys', 'usage', '--all'], { name: 'payload-keys usage', scope: { kind: 'all' }, json: false }],
    [['payload-keys', 'usage', '--json'], { name: 'payload-keys usage', scope: { kind: 'running' }, json: true }],
  ])('reads %j', (argv, command) => {
    expect(parseCommand(argv)).toEqual(command);
  });

  it.each([
    [['workflows'], '"workflows" needs a subcommand: replay-check'],
    [['workflows', 'usage'], 'unknown subcommand "workflows usage"'],
    [['payload-keys', 'replay-check'], 'unknown subcommand "payload-keys replay-check"'],
    [['workflows', 'replay-check', '--all', '--since', '2026-01-01'], '--since and --all cannot go together'],
    [['payload-keys', 'usage', '--query', 'x', '--all'], '--query and --all cannot go together'],
    [['payload-keys', 'usage', '--query', ' '], '--query must be a visibility filter, not empty'],
    [['workflows', 'replay-check', '--since', 'yesterday'], '--since must be a date'],
    [['workflows', 'replay-check', '--limit', '0'], '--limit must be a whole number, 1 or more'],
    [['workflows', 'replay-check', 'extra'], 'unexpected argument "extra"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it('shows the usage for --help', () => {
    expect(parseCommand(['payload-keys', 'usage', '--help'])).toEqual({ name: 'help' });
  });
});
