import { DataSource, EntityManager } from 'typeorm';
import type { PostgresOptions } from './data-source';
import { MeasuresProjector, PROJECTION_TABLES } from './measures-projector';

/** Where a rebuild writes: a schema of its own holding a twin of each projection table. */
export const REBUILD_SCHEMA = 'measures_rebuild';

/** How long the swap waits for the live tables (a reader in a long transaction) before it gives up. */
const SWAP_LOCK_TIMEOUT = '30s';

/**
 * A rebuild of the projections into fresh tables, swapped in whole once they are complete (decision 0012): the
 * live tables are not touched until then, so a rebuild that fails or is killed leaves the live figures as they
 * were, and the next one starts by dropping whatever it left.
 *
 * The twins are made from the live tables themselves (columns, defaults, checks, keys, then the other indexes
 * by their own names once the replay is done, which is cheaper than keeping them up to date), so a migration
 * that changes a projection table, or adds one to PROJECTION_TABLES, needs nothing here. The rebuild's projector
 * reaches them through its connections' search_path: the projection writer's SQL is the live consumer's.
 * The swap is one transaction (PostgreSQL's DDL is transactional): drop the live tables, move the twins in.
 */
export class ProjectionRebuild {
  private constructor(
    private readonly live: DataSource,
    /** The schema the live tables are in, quoted as an identifier. */
    private readonly liveSchema: string,
    private readonly target: DataSource,
    /** Writes into the twins: apply with scope 'days', then completeRollups() (rollups.ts). */
    readonly projector: MeasuresProjector,
    private readonly indexes: string[],
  ) {}

  /** Drops what an earlier rebuild left behind and makes the twins, empty. */
  static async begin(live: DataSource, timeZone: string): Promise<ProjectionRebuild> {
    const [{ schema }]: { schema: string }[] = await live.query(`SELECT quote_ident(current_schema()) AS schema`);
    const indexes: string[] = [];
    await live.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
    await live.transaction(async (tx) => {
      await tx.query(`CREATE SCHEMA ${REBUILD_SCHEMA}`);
      for (const table of PROJECTION_TABLES) {
        const twin = `${REBUILD_SCHEMA}.${table}`;
        const definitions = await definitionsOf(tx, `${schema}.${table}`);
        await tx.query(`CREATE TABLE ${twin} (LIKE ${definitions.qualified} INCLUDING ALL EXCLUDING INDEXES)`);
        for (const { name, definition } of definitions.constraints) {
          await tx.query(`ALTER TABLE ${twin} ADD CONSTRAINT ${name} ${definition}`);
        }
        indexes.push(...definitions.indexes.map((index) => onTable(index, definitions.qualified, twin)));
      }
    });
    const target = await new DataSource(rebuildOptions(live.options as PostgresOptions)).initialize();
    const projector = new MeasuresProjector(target, timeZone);
    await projector.clear(); // nothing applied yet: the watermark's row
    return new ProjectionRebuild(live, schema, target, projector, indexes);
  }

  /** Builds the remaining indexes, gathers statistics, and swaps the twins in for the live tables at once. */
  async swapIn(): Promise<void> {
    for (const index of this.indexes) await this.target.query(index);
    await this.target.query(`ANALYZE ${PROJECTION_TABLES.join(', ')}`);
    const live = this.liveSchema;
    await this.live.transaction(async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = '${SWAP_LOCK_TIMEOUT}'`);
      await tx.query(`SET LOCAL client_connection_check_interval = '1s'`); // as rebuildOptions says
      await tx.query(`DROP TABLE ${PROJECTION_TABLES.map((t) => `${live}.${t}`).join(', ')}`);
      for (const table of PROJECTION_TABLES)
        await tx.query(`ALTER TABLE ${REBUILD_SCHEMA}.${table} SET SCHEMA ${live}`);
      await tx.query(`DROP SCHEMA ${REBUILD_SCHEMA}`);
    });
  }

  /** After a failure: drops the twins (the next rebuild would anyway). */
  async discard(): Promise<void> {
    await this.live.query(`DROP SCHEMA IF EXISTS ${REBUILD_SCHEMA} CASCADE`);
  }

  /** Closes the rebuild's own connections. */
  async close(): Promise<void> {
    await this.target.destroy();
  }
}

/**
 * The rebuild's connections see only the twins: unqualified table names resolve to REBUILD_SCHEMA. A session
 * whose ops-cli was killed notices within a second, even while it waits for a lock, and rolls back.
 */
function rebuildOptions(live: PostgresOptions): PostgresOptions {
  return {
    ...live,
    name: 'measures-rebuild',
    migrationsRun: false,
    applicationName: 'waymark-measures-rebuild',
    extra: { ...live.extra, options: `-c search_path=${REBUILD_SCHEMA} -c client_connection_check_interval=1000` },
  };
}

interface Definitions {
  qualified: string;
  constraints: { name: string; definition: string }[];
  /** CREATE INDEX statements of the indexes that back no constraint. */
  indexes: string[];
}

async function definitionsOf(tx: EntityManager, qualified: string): Promise<Definitions> {
  const constraints: { name: string; definition: string }[] = await tx.query(
    `SELECT quote_ident(conname) AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint
     WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname`,
    [qualified],
  );
  const indexes: { definition: string }[] = await tx.query(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition FROM pg_index i
     WHERE i.indrelid = $1::regclass AND NOT EXISTS (SELECT FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY i.indexrelid::regclass::text`,
    [qualified],
  );
  return { qualified, constraints, indexes: indexes.map((i) => i.definition) };
}

/** A live index's CREATE INDEX, on the twin instead (same name: an index is named within its table's schema). */
function onTable(definition: string, live: string, twin: string): string {
  const on = ` ON ${live} USING `;
  if (!definition.includes(on)) throw new Error(`cannot place index on ${twin}: ${definition}`);
  return definition.replace(on, ` ON ${twin} USING `);
}
