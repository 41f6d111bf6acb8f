import { isTransientDatabaseFault } from '@waymark/http';
import type { DataSource } from 'typeorm';

/**
 * After a write failed: does the database answer other work? Not when the failure itself was the database's, nor
 * when a trivial query fails too. Used to tell an event that cannot be written from an outage.
 */
export async function databaseAnswersAfter(dataSource: DataSource, error: unknown): Promise<boolean> {
  if (isTransientDatabaseFault(error)) return false;
  return dataSource.query('SELECT 1').then(
    () => true,
    () => false,
  );
}
