import { temporal } from '@temporalio/proto';
import { join } from 'node:path';

const { History } = temporal.api.history.v1;
const FORMAT = { longs: String, enums: String, bytes: String } as const;

/**
 * Histories recorded from real runs of the journey workflow. Replaying them in
 * the test suite fails CI when a change would break journeys already running.
 * Re-record with `RECORD_HISTORIES=1 npx nx run integration:integration` only
 * when a change is deliberately made replay-safe (e.g. behind `patched()`).
 */
export const HISTORIES_DIR = join(__dirname, '../fixtures/histories');

/** protobufjs' own object form, so the round trip needs nothing but the generated types. */
export const serializeHistory = (history: temporal.api.history.v1.IHistory): string =>
  JSON.stringify(History.toObject(History.fromObject(history), FORMAT));

export const parseHistory = (json: string): temporal.api.history.v1.History => History.fromObject(JSON.parse(json));
