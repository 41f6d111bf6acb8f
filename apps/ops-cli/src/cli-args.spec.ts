import { parseCommand, USAGE, UsageError } from './cli-args';

const J1 = '0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e01';
const J2 = '0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e02';

describe('parseCommand', () => {
  it.each([
    [
      ['providers', 'keys', 'issue', 'council-housing'],
      { name: 'keys issue', holders: 'providers', ownerId: 'council-housing' },
    ],
    [
      ['providers', 'keys', 'issue', '--label', 'case system', 'council-housing'],
      { name: 'keys issue', holders: 'providers', ownerId: 'council-housing', label: 'case system' },
    ],
    [
      ['providers', 'keys', 'revoke', '0123456789abcdef'],
      { name: 'keys revoke', holders: 'providers', keyId: '0123456789abcdef' },
    ],
    [['providers', 'keys', 'list'], { name: 'keys list', holders: 'providers' }],
    [['providers', 'keys', 'list', 'food-bank'], { name: 'keys list', holders: 'providers', ownerId: 'food-bank' }],
    [
      ['commissioners', 'keys', 'issue', 'city-council', '--label=dashboard'],
      { name: 'keys issue', holders: 'commissioners', ownerId: 'city-council', label: 'dashboard' },
    ],
    [
      ['commissioners', 'keys', 'revoke', '0123456789abcdef'],
      { name: 'keys revoke', holders: 'commissioners', keyId: '0123456789abcdef' },
    ],
    [['commissioners', 'keys', 'list'], { name: 'keys list', holders: 'commissioners' }],
    [
      ['commissioners', 'keys', 'list', 'city-council'],
      { name: 'keys list', holders: 'commissioners', ownerId: 'city-council' },
    ],
    [
      ['journeys', 'repair', '--check'],
      { name: 'journeys repair', check: true, journeyIds: [], graceMs: 120_000, concurrency: 8 },
    ],
    [
      ['journeys', 'repair', '--since', '2026-11-01', '--grace=0', '--concurrency', '4'],
      {
        name: 'journeys repair',
        check: false,
        since: new Date('2026-11-01T00:00:00Z'),
        journeyIds: [],
        graceMs: 0,
        concurrency: 4,
      },
    ],
    [
      ['journeys', 'repair', '--journey', J1, '--journey', J2],
      { name: 'journeys repair', check: false, journeyIds: [J1, J2], graceMs: 120_000, concurrency: 8 },
    ],
  ])('reads %j', (argv, command) => {
    expect(parseCommand(argv)).toEqual(command);
  });

  it.each([
    [[]],
    [['--help']],
    [['help']],
    [['providers', '-h']],
    [['providers', 'keys', 'help']],
    [['providers', 'keys', 'issue', '--help']],
    [['providers', 'keys', 'list', '-h']],
    [['providers', 'keys', 'revoke', '-h']],
    [['commissioners', 'help']],
    [['commissioners', 'keys', '--help']],
    [['commissioners', 'keys', 'issue', '-h']],
    [['keys', '-h']],
    [['keys', 'issue', '--help']],
    [['commissioners', 'list', '--help']],
    [['journeys', 'repair', '--help']],
  ])('asks for help with %j', (argv) => {
    expect(parseCommand(argv)).toEqual({ name: 'help' });
  });

  it.each([
    [['users'], 'unknown command "users"'],
    [['providers'], '"providers" needs a subcommand: keys'],
    [['providers', 'issue', 'council'], 'unknown subcommand "providers issue"'],
    [['providers', 'keys'], '"providers keys" needs a subcommand: issue, revoke or list'],
    [['providers', 'keys', 'rotate'], 'unknown subcommand "providers keys rotate"'],
    [['providers', 'keys', 'issue'], '"providers keys issue" needs the provider id'],
    [['providers', 'keys', 'issue', '--label', 'x'], '"providers keys issue" needs the provider id'],
    [['providers', 'keys', 'issue', '--provider', 'a'], "Unknown option '--provider'"],
    [['providers', 'keys', 'issue', 'a', 'b'], 'unexpected argument "b"'],
    [['providers', 'keys', 'revoke'], '"providers keys revoke" needs the key id'],
    [['providers', 'keys', 'revoke', 'a', 'b'], 'unexpected argument "b"'],
    [['providers', 'keys', 'list', 'a', 'b'], 'unexpected argument "b"'],
    [['providers', 'keys', 'list', '--label', 'x'], "Unknown option '--label'"],
    [['commissioners'], '"commissioners" needs a subcommand: keys'],
    [['commissioners', 'rotate'], 'unknown subcommand "commissioners rotate"'],
    [['commissioners', 'keys', 'issue'], '"commissioners keys issue" needs the commissioner id'],
    [['commissioners', 'keys', 'revoke'], '"commissioners keys revoke" needs the key id'],
    [['keys'], '"keys" needs a subcommand: issue, revoke or list'],
    [['keys', 'rotate'], 'unknown subcommand "keys rotate"'],
    [['keys', 'issue'], '"keys issue" needs --provider <id>'],
    [['keys', 'issue', '--provider'], "Option '--provider <value>' argument missing"],
    [['keys', 'issue', '--provider', 'a', 'extra'], 'unexpected argument "extra"'],
    [['keys', 'list', '--label', 'x'], "Unknown option '--label'"],
    [['commissioners', 'issue'], '"commissioners keys issue" needs the commissioner id'],
    [['commissioners', 'list', 'a', 'b'], 'unexpected argument "b"'],
    [['rates'], '"rates" needs a subcommand: set or list'],
    [['rates', 'set', 'council'], '"rates set" needs the provider id and the hourly rate'],
    [['rates', 'list', 'x'], 'unexpected argument "x"'],
    [['measures', 'drop'], 'unknown subcommand "measures drop"'],
    [['measures', 'rebuild', '--progress-every', '0'], '--progress-every must be a number of seconds above 0'],
    [['measures', 'rebuild', '--progress-every', 'soon'], '--progress-every must be a number of seconds above 0'],
    [['dead-letters'], '"dead-letters" needs a subcommand: list or replay'],
    [['dead-letters', 'purge'], 'unknown subcommand "dead-letters purge"'],
    [['dead-letters', 'list', '--check'], "Unknown option '--check'"],
    [['dead-letters', 'replay', 'all'], 'unexpected argument "all"'],
    [['journeys', 'fix'], 'unknown subcommand "journeys fix"'],
    [['journeys', 'repair', '--journey', 'case-7'], '--journey must be a journey id (a UUID), not "case-7"'],
    [['journeys', 'repair', '--since', 'last week'], '--since must be a date (YYYY-MM-DD)'],
    [['journeys', 'repair', '--since', '2026-13-45'], '--since must be a date (YYYY-MM-DD)'],
    [['journeys', 'repair', '--grace=-1'], '--grace must be a number of seconds, 0 or more'],
    [['journeys', 'repair', '--grace', 'soon'], '--grace must be a number of seconds, 0 or more'],
    [['journeys', 'repair', '--concurrency', '0'], '--concurrency must be a whole number from 1 to 64'],
    [['journeys', 'repair', 'all'], 'unexpected argument "all"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });

  it.each([
    [
      ['keys', 'issue', '--provider', 'council-housing', '--label', 'case system'],
      { name: 'keys issue', holders: 'providers', ownerId: 'council-housing', label: 'case system' },
      'keys issue --provider <id>',
      'providers keys issue <id>',
    ],
    [
      ['keys', 'list', '--provider=food-bank'],
      { name: 'keys list', holders: 'providers', ownerId: 'food-bank' },
      'keys list [--provider <id>]',
      'providers keys list [<id>]',
    ],
    [
      ['keys', 'list'],
      { name: 'keys list', holders: 'providers' },
      'keys list [--provider <id>]',
      'providers keys list [<id>]',
    ],
    [
      ['keys', 'revoke', '0123456789abcdef'],
      { name: 'keys revoke', holders: 'providers', keyId: '0123456789abcdef' },
      'keys revoke',
      'providers keys revoke',
    ],
    [
      ['commissioners', 'issue', '--label', 'dashboard', 'city-council'],
      { name: 'keys issue', holders: 'commissioners', ownerId: 'city-council', label: 'dashboard' },
      'commissioners issue',
      'commissioners keys issue',
    ],
    [
      ['commissioners', 'list', 'city-council'],
      { name: 'keys list', holders: 'commissioners', ownerId: 'city-council' },
      'commissioners list',
      'commissioners keys list',
    ],
    [
      ['commissioners', 'revoke', '0123456789abcdef'],
      { name: 'keys revoke', holders: 'commissioners', keyId: '0123456789abcdef' },
      'commissioners revoke',
      'commissioners keys revoke',
    ],
  ])('still reads the old spelling %j, with a deprecation warning', (argv, command, old, now) => {
    expect(parseCommand(argv)).toEqual({
      ...command,
      deprecation: `warning: "ops-cli ${old}" is deprecated and goes in the next release; use "ops-cli ${now}"`,
    });
  });

  it('shows the new grammar in its usage', () => {
    expect(USAGE).toContain('ops-cli providers keys issue <providerId> [--label <text>]');
    expect(USAGE).toContain('ops-cli commissioners keys issue <commissionerId> [--label <text>]');
    expect(USAGE).not.toMatch(/^ {2}ops-cli (keys|commissioners (issue|list|revoke)) /m);
  });

  it('reads dead-letter commands', () => {
    expect(parseCommand(['dead-letters', 'list'])).toEqual({ name: 'dead-letters list' });
    expect(parseCommand(['dead-letters', 'replay'])).toEqual({ name: 'dead-letters replay', check: false });
    expect(parseCommand(['dead-letters', 'replay', '--check'])).toEqual({ name: 'dead-letters replay', check: true });
    expect(parseCommand(['dead-letters', 'replay', '-h'])).toEqual({ name: 'help' });
  });

  it('reads rates and rebuild commands', () => {
    expect(parseCommand(['rates', 'set', 'council', '42.50'])).toEqual({
      name: 'rates set',
      providerId: 'council',
      hourlyRate: '42.50',
    });
    expect(parseCommand(['rates', 'list'])).toEqual({ name: 'rates list' });
    expect(parseCommand(['measures', 'rebuild'])).toEqual({ name: 'measures rebuild', progressEveryMs: 2000 });
    expect(parseCommand(['measures', 'rebuild', '--progress-every', '0.5'])).toEqual({
      name: 'measures rebuild',
      progressEveryMs: 500,
    });
  });
});
