import { DESIGNS, PilotOptions } from '@waymark/pilot-simulation';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { z } from 'zod';

/**
 * What `--record FILE` keeps: which pilot the stack's data holds (its options, so a rerun on another day plans the
 * same pilot rather than a year up to a new yesterday), and whether every one of its requests has been accepted (so a
 * rerun sends nothing at all, rather than replaying thousands of requests within journey-api's rate limits, or
 * finding journeys ended once their idempotency records are pruned).
 */
export interface PilotRecord {
  pilot: string;
  options: PilotOptions;
  /** When a run had every request accepted; null until one has. */
  sentInFull: string | null;
}

export interface RecordFile {
  path: string;
  /** The record, or undefined when there is no file yet. */
  read(): Promise<PilotRecord | undefined>;
  write(record: PilotRecord): Promise<void>;
}

/** The file holds something else than a record: the message says what. */
export class RecordFileError extends Error {
  override name = 'RecordFileError';
}

const recordSchema = z
  .object({
    pilot: z.string(),
    options: z
      .object({
        seed: z.string(),
        people: z.number().int(),
        from: z.string(),
        to: z.string(),
        schedule: z.union([
          z.object({ design: z.enum(DESIGNS) }).strict(),
          z.object({ switchAt: z.string() }).strict(),
        ]),
        areas: z.array(z.string()),
      })
      .strict(),
    sentInFull: z.string().nullable(),
  })
  .strict();

export function recordFile(path: string): RecordFile {
  return {
    path,
    read: async () => {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new RecordFileError(`${path} is not JSON: delete it to simulate afresh`);
      }
      const parsed = recordSchema.safeParse(json);
      if (!parsed.success) throw new RecordFileError(`${path} is not a pilot record: delete it to simulate afresh`);
      return parsed.data;
    },
    // Written whole, then renamed over the old one: an interrupted write never leaves half a record.
    write: async (record) => {
      await writeFile(`${path}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
      await rename(`${path}.tmp`, path);
    },
  };
}

/** The same pilot: every option that shapes it equal. */
export const samePilot = (a: PilotOptions, b: PilotOptions) =>
  JSON.stringify([a.seed, a.people, a.from, a.to, a.schedule, a.areas]) ===
  JSON.stringify([b.seed, b.people, b.from, b.to, b.schedule, b.areas]);
