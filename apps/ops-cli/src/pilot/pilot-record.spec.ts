import { DEFAULT_AREAS } from '@waymark/pilot-simulation';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PilotRecord, recordFile, RecordFileError, samePilot } from './pilot-record';

const RECORD: PilotRecord = {
  pilot: '0123456789abcdef',
  options: {
    seed: '1',
    people: 400,
    from: '2025-12-01',
    to: '2026-11-30',
    schedule: { switchAt: '2026-06-01' },
    areas: DEFAULT_AREAS,
  },
  sentInFull: null,
};

describe('the pilot record file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pilot-record-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('is absent until written, then reads back what was written, and leaves no temporary file', async () => {
    const file = recordFile(join(dir, 'pilot.json'));
    expect(await file.read()).toBeUndefined();
    await file.write(RECORD);
    await file.write({ ...RECORD, sentInFull: '2026-12-03T16:00:00.000Z' });
    expect(await file.read()).toEqual({ ...RECORD, sentInFull: '2026-12-03T16:00:00.000Z' });
    expect(await readdir(dir)).toEqual(['pilot.json']);
  });

  it.each([
    ['not JSON', '{"pilot":', /is not JSON/],
    [
      'another shape',
      JSON.stringify({ ...RECORD, options: { ...RECORD.options, schedule: {} } }),
      /not a pilot record/,
    ],
  ])('refuses a file that holds %s', async (_, text, message) => {
    const path = join(dir, 'pilot.json');
    await writeFile(path, text);
    await expect(recordFile(path).read()).rejects.toThrow(RecordFileError);
    await expect(recordFile(path).read()).rejects.toThrow(message);
  });

  it('knows the same pilot by every option that shapes it', () => {
    expect(samePilot(RECORD.options, { ...RECORD.options })).toBe(true);
    expect(samePilot(RECORD.options, { ...RECORD.options, people: 401 })).toBe(false);
    expect(samePilot(RECORD.options, { ...RECORD.options, schedule: { design: 'local-by-default' } })).toBe(false);
    expect(samePilot(RECORD.options, { ...RECORD.options, areas: ['A'] })).toBe(false);
  });
});
