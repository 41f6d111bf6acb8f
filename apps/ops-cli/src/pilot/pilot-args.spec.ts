import { DEFAULT_AREAS } from '@waymark/pilot-simulation';
import { parseCommand, UsageError } from '../cli-args';
import { DEFAULT_API, DEFAULT_PEOPLE, parsePilot } from './pilot-args';

const TODAY = new Date('2026-12-01T10:00:00Z');
const parse = (...args: string[]) => parsePilot('simulate', args, TODAY);

describe('pilot simulate arguments', () => {
  it('simulates the twelve months up to yesterday, switching designs at the month in the middle, by default', () => {
    expect(parse()).toEqual({
      name: 'pilot simulate',
      options: {
        seed: '1',
        people: DEFAULT_PEOPLE,
        from: '2025-12-01',
        to: '2026-11-30',
        schedule: { switchAt: '2026-06-01' },
        areas: DEFAULT_AREAS,
      },
      api: DEFAULT_API,
      concurrency: 16,
      dryRun: false,
      optionsGiven: false,
    });
  });

  it('takes every option', () => {
    const command = parse(
      ...['--seed', 'abc', '--people', '50', '--from', '2026-01-01', '--to', '2026-06-30'],
      ...['--design', 'local-by-default', '--areas', 'A1, B2', '--api', 'http://127.0.0.1:3120/'],
      ...['--concurrency', '4', '--dry-run', '--record', 'pilot.json'],
    );
    expect(command).toEqual({
      name: 'pilot simulate',
      options: {
        seed: 'abc',
        people: 50,
        from: '2026-01-01',
        to: '2026-06-30',
        schedule: { design: 'local-by-default' },
        areas: ['A1', 'B2'],
      },
      api: 'http://127.0.0.1:3120',
      concurrency: 4,
      dryRun: true,
      record: 'pilot.json',
      optionsGiven: true,
    });
    expect(parse('--months', '3', '--to', '2026-09-30', '--switch-at', '2026-08-15')).toMatchObject({
      options: { from: '2026-07-01', to: '2026-09-30', schedule: { switchAt: '2026-08-15' } },
    });
    expect(parse('--months', '1', '--to', '2026-02-28')).toMatchObject({
      options: { from: '2026-02-01', schedule: { switchAt: '2026-02-15' } }, // no month starts inside: the middle
    });
    expect(parse('--to', '2026-11-03')).toMatchObject({
      options: { from: '2025-11-01', schedule: { switchAt: '2026-05-01' } },
    });
  });

  it('tells options that shape the pilot from those that only say how to send it', () => {
    expect(parse('--api', 'http://127.0.0.1:1', '--concurrency', '2', '--record', 'p.json')).toMatchObject({
      optionsGiven: false,
    });
    for (const flag of [
      ['--seed', 'x'],
      ['--people', '9'],
      ['--months', '6'],
      ['--areas', 'A'],
    ]) {
      expect(parse(...flag)).toMatchObject({ optionsGiven: true });
    }
  });

  it.each([
    [['--to', '2026-12-01'], /--to must be before today/],
    [['--to', '2026-02-30'], /--to must be a date/],
    [['--from', '2026-01-01', '--months', '3'], /--from or --months/],
    [['--design', 'local-by-default', '--switch-at', '2026-06-01'], /--design .* or --switch-at/],
    [['--design', 'neither'], /--design must be assess-and-refer or local-by-default/],
    [['--people', '0'], /--people must be a whole number/],
    [['--concurrency', '1.5'], /--concurrency must be a whole number/],
    [['--api', 'localhost:3000'], /--api must be an http/],
    [['--unknown'], /Unknown option/],
    [['extra'], /unexpected argument/],
  ])('refuses %j', (args, message) => {
    expect(() => parse(...args)).toThrow(UsageError);
    expect(() => parse(...args)).toThrow(message);
  });

  it('is reached from the command line', () => {
    expect(parseCommand(['pilot', 'simulate', '--dry-run'])).toMatchObject({ name: 'pilot simulate', dryRun: true });
    expect(parseCommand(['pilot', 'simulate', '--help'])).toEqual({ name: 'help' });
    expect(() => parseCommand(['pilot'])).toThrow(/needs a subcommand: simulate/);
    expect(() => parseCommand(['pilot', 'run'])).toThrow(/unknown subcommand "pilot run"/);
  });
});
