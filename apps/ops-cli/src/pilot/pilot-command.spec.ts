import { DEFAULT_AREAS, PILOT_PROVIDERS } from '@waymark/pilot-simulation';
import type { Output } from '../output';
import { answer, fakeClock, fakeJourneyApi } from './fake-journey-api';
import type { PilotCommand } from './pilot-args';
import { EX_REFUSED, PilotDeps, runPilotCommand } from './pilot-command';
import type { PilotRecord, RecordFile } from './pilot-record';
import type { PostJson } from './pilot-sender';

const command = (over: Partial<PilotCommand> = {}): PilotCommand => ({
  name: 'pilot simulate',
  options: {
    seed: 'cmd',
    people: 30,
    from: '2026-03-01',
    to: '2026-08-31',
    schedule: { switchAt: '2026-06-01' },
    areas: DEFAULT_AREAS,
  },
  api: 'http://api',
  concurrency: 4,
  dryRun: false,
  optionsGiven: true,
  ...over,
});

/** A record file in memory. */
function memoryRecord(initial?: PilotRecord): RecordFile & { current?: PilotRecord } {
  const file: RecordFile & { current?: PilotRecord } = {
    path: 'pilot.json',
    read: async () => file.current,
    write: async (record) => void (file.current = record),
  };
  if (initial) file.current = initial;
  return file;
}

interface RunSettings {
  interrupted?: () => boolean;
  record?: RecordFile;
  /** Whether the database shows an earlier pilot set-up. */
  setUpBefore?: boolean;
}

function run(cmd: PilotCommand, post: PostJson, settings: RunSettings = {}) {
  const { interrupted = () => false, record, setUpBefore = false } = settings;
  const out: string[] = [];
  const err: string[] = [];
  const output: Output = { out: (l) => out.push(l), err: (l) => err.push(l) };
  let prepared = 0;
  const deps: PilotDeps = {
    prepare: async () => {
      prepared += 1;
      return {
        apiKeys: new Map(PILOT_PROVIDERS.map((p) => [p.id, `key-${p.id}`])),
        commissioner: { commissionerId: 'pilot-commissioner', keyId: 'c1', apiKey: 'wmc_secret' },
        setUpBefore,
      };
    },
    post,
    progress: () => ({ update: () => undefined, stop: () => undefined }),
    interrupted,
    ...(record ? { record } : {}),
    clock: fakeClock(),
  };
  return runPilotCommand(cmd, deps, output).then((code) => ({
    code,
    out: out.join('\n'),
    err: err.join('\n'),
    prepared,
  }));
}

/** The row of a table line that starts with `label`, split on runs of two or more spaces. */
const row = (text: string, label: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(label))
    ?.split(/ {2,}/);

describe('pilot simulate', () => {
  it('sends every planned request, then says what it sent and what each design shows, and the commissioner key', async () => {
    const api = fakeJourneyApi();
    const { code, out, err } = await run(command(), api.post);
    expect(err).toBe('');
    expect(code).toBe(0);
    const requests = api.requests.length;
    expect(out).toMatch(new RegExp(`^sent ${requests} requests in .*: ${requests} new, 0 replayed, 0 refused$`, 'm'));
    const [a, l] = [row(out, 'assess-and-refer'), row(out, 'local-by-default')];
    expect(Number(a?.[1]) + Number(l?.[1])).toBe(30);
    expect(Number(a?.[2]) + Number(l?.[2])).toBe(requests);
    expect(row(out, 'value: failure demand share')).toHaveLength(3);
    expect(out).toMatch(/^commissioner key: wmc_secret$/m);
  });

  it('sends the same requests with the same keys when run again: all replayed, nothing new', async () => {
    const api = fakeJourneyApi();
    await run(command(), api.post);
    const first = api.requests.splice(0);
    const { code, out } = await run(command(), api.post);
    expect(code).toBe(0);
    const sorted = (rs: typeof first) => rs.map((r) => `${r.apiKey} ${r.key}`).sort();
    expect(sorted(api.requests)).toEqual(sorted(first));
    expect(out).toMatch(new RegExp(`: 0 new, ${first.length} replayed, 0 refused$`, 'm'));
  });

  it('lists refusals and exits 2 when journey-api refuses anything', async () => {
    const api = fakeJourneyApi((path) =>
      path.endsWith('/closures') ? answer(409, { rule: 'journey-ended', detail: 'the journey has ended' }) : undefined,
    );
    const { code, err } = await run(command(), api.post);
    expect(code).toBe(EX_REFUSED);
    expect(err).toMatch(
      /^refused: person \d+ \((assess-and-refer|local-by-default)\), request \d+ \(close-journey by [a-z-]+\): 409 journey-ended — the journey has ended$/m,
    );
  });

  it('stops when interrupted, and says how to carry on', async () => {
    const api = fakeJourneyApi();
    const { code, err } = await run(command(), api.post, { interrupted: () => api.requests.length >= 10 });
    expect(code).toBe(130);
    expect(api.requests.length).toBeLessThan(20);
    expect(err).toMatch(/rerun the same command to carry on/);
  });

  it('only plans on a dry run: no set-up, nothing sent', async () => {
    const api = fakeJourneyApi();
    const { code, out, prepared } = await run(command({ dryRun: true }), api.post);
    expect(code).toBe(0);
    expect(prepared).toBe(0);
    expect(api.requests).toHaveLength(0);
    expect(out).toMatch(/dry run: nothing sent/);
    expect(row(out, 'value: sustained-resolution rate')).toHaveLength(3);
  });

  it('refuses options the plan cannot take, as a usage error', async () => {
    const bad = command();
    bad.options = { ...bad.options, schedule: { switchAt: '2027-01-01' } };
    const { code, err } = await run(bad, fakeJourneyApi().post);
    expect(code).toBe(64);
    expect(err).toMatch(/switch-at must be after from/);
  });

  describe('with a record file', () => {
    it('records the pilot, and once it was sent in full a rerun sends nothing, whatever the default dates now', async () => {
      const api = fakeJourneyApi();
      const record = memoryRecord();
      expect((await run(command({ optionsGiven: false }), api.post, { record })).code).toBe(0);
      expect(record.current).toEqual({
        pilot: expect.stringMatching(/^[0-9a-f]{16}$/),
        options: command().options,
        sentInFull: expect.any(String),
      });
      const sent = api.requests.length;

      // A day later the defaults end a day later; no option given, so the recorded pilot it is.
      const later = command({ optionsGiven: false });
      later.options = { ...later.options, to: '2026-09-01' };
      const again = await run(later, api.post, { record, setUpBefore: true });
      expect(again.code).toBe(0);
      expect(api.requests).toHaveLength(sent);
      expect(again.out).toMatch(/^options from pilot\.json$/m);
      expect(again.out).toMatch(/^sent in full on .* \(pilot\.json\): nothing to send$/m);
      expect(again.out).toMatch(/2026-03-01 to 2026-08-31/);
      expect(row(again.out, 'value: sustained-resolution rate')).toHaveLength(3);
      expect(again.out.split('\n').at(-1)).toBe('commissioner key: wmc_secret');
    });

    it('carries on with an interrupted pilot: replays what was sent, sends the rest, then records it sent', async () => {
      const api = fakeJourneyApi();
      const record = memoryRecord();
      await run(command(), api.post, { record, interrupted: () => api.requests.length >= 10 });
      expect(record.current?.sentInFull).toBeNull();
      const first = api.requests.length;
      const { code, out } = await run(command({ optionsGiven: false }), api.post, { record, setUpBefore: true });
      expect(code).toBe(0);
      expect(out).toMatch(new RegExp(`, ${first} replayed, 0 refused$`, 'm'));
      expect(record.current?.sentInFull).toEqual(expect.any(String));
    });

    it('sends the recorded pilot again when the database holds no pilot (the stack was reset)', async () => {
      const api = fakeJourneyApi();
      const record = memoryRecord();
      await run(command(), api.post, { record });
      const sent = api.requests.length;
      const reset = fakeJourneyApi();
      const { code, out } = await run(command({ optionsGiven: false }), reset.post, { record, setUpBefore: false });
      expect(code).toBe(0);
      expect(out).toMatch(/says it was sent in full, but no pilot was set up in this database: sending it/);
      expect(reset.requests).toHaveLength(sent);
    });

    it('refuses options for another pilot than the one recorded', async () => {
      const api = fakeJourneyApi();
      const record = memoryRecord();
      await run(command(), api.post, { record });
      const other = command();
      other.options = { ...other.options, seed: 'another' };
      const { code, err } = await run(other, api.post, { record, setUpBefore: true });
      expect(code).toBe(64);
      expect(err).toMatch(/pilot\.json records another pilot \([0-9a-f]{16}\): give the same options, none/);
    });
  });
});
