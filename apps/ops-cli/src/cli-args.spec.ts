import { parseCommand, UsageError } from './cli-args';

const J1 = '0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e01';
const J2 = '0f8e2a70-1c1b-4a7e-9d1e-3b5b2c9d4e02';

describe('parseCommand', () => {
  it.each([
    [['keys', 'issue', '--provider', 'council-housing'], { name: 'keys issue', providerId: 'council-housing' }],
    [
      ['keys', 'issue', '--label', 'case system', '--provider=council-housing'],
      { name: 'keys issue', providerId: 'council-housing', label: 'case system' },
    ],
    [['keys', 'revoke', '0123456789abcdef'], { name: 'keys revoke', keyId: '0123456789abcdef' }],
    [['keys', 'list'], { name: 'keys list' }],
    [['keys', 'list', '--provider', 'food-bank'], { name: 'keys list', providerId: 'food-bank' }],
    [['commissioners', 'issue', 'city-council'], { name: 'commissioners issue', commissionerId: 'city-council' }],
    [
      ['commissioners', 'issue', '--label', 'dashboard', 'city-council'],
      { name: 'commissioners issue', commissionerId: 'city-council', label: 'dashboard' },
    ],
    [
      ['commissioners', 'issue', 'city-council', '--label=dashboard'],
      { name: 'commissioners issue', commissionerId: 'city-council', label: 'dashboard' },
    ],
    [['commissioners', 'revoke', '0123456789abcdef'], { name: 'commissioners revoke', keyId: '0123456789abcdef' }],
    [['commissioners', 'list'], { name: 'commissioners list' }],
    [['commissioners', 'list', 'city-council'], { name: 'commissioners list', commissionerId: 'city-council' }],
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
    [['keys', '-h']],
    [['keys', 'issue', '--help']],
    [['keys', 'list', '-h']],
    [['keys', 'revoke', '-h']],
    [['commissioners', 'help']],
    [['commissioners', 'issue', '-h']],
    [['commissioners', 'list', '--help']],
    [['commissioners', 'revoke', '--help']],
    [['journeys', 'repair', '--help']],
  ])('asks for help with %j', (argv) => {
    expect(parseCommand(argv)).toEqual({ name: 'help' });
  });

  it.each([
    [['users'], 'unknown command "users"'],
    [['keys'], '"keys" needs a subcommand: issue, revoke or list'],
    [['keys', 'rotate'], 'unknown subcommand "keys rotate"'],
    [['keys', 'issue'], '"keys issue" needs --provider <id>'],
    [['keys', 'issue', '--provider'], "Option '--provider <value>' argument missing"],
    [['keys', 'issue', '--provider', 'a', 'extra'], 'unexpected argument "extra"'],
    [['keys', 'revoke'], '"keys revoke" needs the key id'],
    [['keys', 'revoke', 'a', 'b'], 'unexpected argument "b"'],
    [['keys', 'list', '--label', 'x'], "Unknown option '--label'"],
    [['commissioners'], '"commissioners" needs a subcommand: issue, revoke or list'],
    [['commissioners', 'rotate'], 'unknown subcommand "commissioners rotate"'],
    [['commissioners', 'issue'], '"commissioners issue" needs the commissioner id'],
    [['commissioners', 'issue', '--label', 'x'], '"commissioners issue" needs the commissioner id'],
    [['commissioners', 'issue', 'a', 'b'], 'unexpected argument "b"'],
    [['commissioners', 'issue', '--provider', 'a'], "Unknown option '--provider'"],
    [['commissioners', 'revoke'], '"commissioners revoke" needs the key id'],
    [['commissioners', 'revoke', 'a', 'b'], 'unexpected argument "b"'],
    [['commissioners', 'list', 'a', 'b'], 'unexpected argument "b"'],
    [['commissioners', 'list', '--label', 'x'], "Unknown option '--label'"],
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
