import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** What pg_export_snapshot() returns, e.g. 00000003-0000001B-1; checked, as SET TRANSACTION takes no parameters. */
const SNAPSHOT_ID = /^[0-9A-F]+-[0-9A-F]+-[0-9]+$/;

/**
 * Runs `read` on `connections` connections that all see one snapshot of the database: read-only repeatable-read
 * transactions, the first exporting its snapshot and the others adopting it. The parts of one answer can then be
 * read at the same time and still agree with each other.
 */
export async function inOneSnapshot<T>(
  dataSource: DataSource,
  connections: number,
  read: (managers: EntityManager[]) => Promise<T>,
): Promise<T> {
  const runners = Array.from({ length: connections }, () => dataSource.createQueryRunner());
  try {
    const [first, ...others] = runners;
    await first.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    if (others.length > 0) await share(first, others);
    return await read(runners.map((r) => r.manager));
  } finally {
    // Read-only: ending the transactions any way will do; a runner that never connected has none.
    await Promise.all(runners.map((r) => r.query('ROLLBACK').catch(() => undefined)));
    await Promise.all(runners.map((r) => r.release()));
  }
}

/** The others adopt the first one's snapshot. */
async function share(first: QueryRunner, others: QueryRunner[]): Promise<void> {
  const [{ id }]: { id: string }[] = await first.query('SELECT pg_export_snapshot() AS id');
  if (!SNAPSHOT_ID.test(id)) throw new Error(`unexpected snapshot id ${JSON.stringify(id)}`);
  await Promise.all(
    others.map(async (runner) => {
      await runner.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await runner.query(`SET TRANSACTION SNAPSHOT '${id}'`);
    }),
  );
}
