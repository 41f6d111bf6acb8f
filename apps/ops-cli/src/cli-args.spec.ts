import { parseCommand, UsageError } from './cli-args';

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
  ])('reads %j', (argv, command) => {
    expect(parseCommand(argv)).toEqual(command);
  });

  it.each([[[]], [['--help']], [['help']], [['keys', '-h']], [['keys', 'issue', '--help']], [['keys', 'list', '-h']]])(
    'asks for help with %j',
    (argv) => {
      expect(parseCommand(argv)).toEqual({ name: 'help' });
    },
  );

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
  ])('refuses %j', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError);
    expect(() => parseCommand(argv)).toThrow(message);
  });
});
