import { ReadRefused } from '@waymark/measures-store';
import { QueryFailedError } from 'typeorm';

/**
 * Why a read of figures could not be answered now, when that is passing and the reader may try again: it was not let
 * in (too many waiting, waited too long, the service stopping) or the database did not answer in time. Undefined for
 * any other error.
 */
export type TooBusy = ReadRefused['reason'] | 'timeout';

export function tooBusy(error: unknown): TooBusy | undefined {
  if (error instanceof ReadRefused) return error.reason;
  if (isDatabaseTimeout(error)) return 'timeout';
  return undefined;
}

/** PostgreSQL cancelled a statement (statement_timeout, 57014), or no pool connection came in time. */
function isDatabaseTimeout(error: unknown): boolean {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string }).code === '57014';
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}
