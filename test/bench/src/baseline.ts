import { Pool, PoolClient } from 'pg';
import { performance } from 'node:perf_hooks';
import { Sample } from './stats';
import type { SentCommand } from './workload';

export interface BaselineResult {
  samples: Sample[];
  /** ms on the run's clock. */
  start: number;
  end: number;
  concurrency: number;
  table: string;
  /** The server's durability settings the INSERTs ran under, e.g. `fsync=on, synchronous_commit=on`. */
  durability: string;
}

/**
 * The same commands written the plainest durable way: one INSERT (its own transaction,
 * committed with PostgreSQL's default synchronous commit) per command into a throwaway
 * table with a jsonb body and an index on the journey id, by as many concurrent writers
 * as there were providers, each replaying its provider's commands in order. The table
 * is dropped afterwards, whatever happens.
 */
export async function runBaseline(
  databaseUrl: string,
  commands: SentCommand[][],
  providerIds: string[],
  signal: AbortSignal,
): Promise<BaselineResult> {
  const admin = new Pool({ connectionString: databaseUrl, max: 1 });
  const table = `bench_baseline_${process.pid}_${Date.now()}`;
  try {
    const maxConnections = Number(
      (await admin.query<{ max_connections: string }>('SHOW max_connections')).rows[0]?.max_connections,
    );
    // Leave room for anyone else using the server; say so if that lowers the concurrency.
    const concurrency = Math.max(1, Math.min(commands.length, maxConnections - 20));
    const setting = async (name: string) =>
      `${name}=${(await admin.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? '?'}`;
    const durability = [await setting('fsync'), await setting('synchronous_commit')].join(', ');
    await admin.query(`CREATE TABLE ${table} (
      id bigserial PRIMARY KEY,
      journey_id uuid NOT NULL,
      provider_id text NOT NULL,
      command_type text NOT NULL,
      body jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
    await admin.query(`CREATE INDEX ON ${table} (journey_id)`);

    const pool = new Pool({ connectionString: databaseUrl, max: concurrency });
    const clients: PoolClient[] = [];
    try {
      for (let i = 0; i < concurrency; i++) clients.push(await pool.connect());
      const insert = `INSERT INTO ${table} (journey_id, provider_id, command_type, body) VALUES ($1, $2, $3, $4::jsonb)`;
      // Writers take providers' command lists in turn, so each list stays in order.
      const queues = clients.map((_, w) => commands.flatMap((list, p) => (p % concurrency === w ? [{ list, p }] : [])));
      const samples: Sample[] = [];
      const start = performance.now();
      await Promise.all(
        clients.map(async (client, w) => {
          for (const { list, p } of queues[w] ?? []) {
            for (const command of list) {
              if (signal.aborted) return;
              const began = performance.now();
              const values = [command.journeyId, providerIds[p], command.type, JSON.stringify(command.body)];
              // A failed INSERT counts as an error (status 0), as a failed request does.
              const detail = await client.query(insert, values).then(
                () => undefined,
                (error: unknown) => (error instanceof Error ? error.message.slice(0, 120) : String(error)),
              );
              const end = performance.now();
              samples.push({
                kind: command.type,
                start: began,
                end,
                status: detail ? 0 : 201,
                ...(detail ? { detail } : {}),
              });
            }
          }
        }),
      );
      const end = performance.now();
      return { samples, start, end, concurrency, table, durability };
    } finally {
      for (const client of clients) client.release();
      await pool.end();
    }
  } finally {
    await admin.query(`DROP TABLE IF EXISTS ${table}`).catch((error: unknown) => {
      process.stderr.write(`[bench] could not drop ${table}: ${String(error)}; drop it by hand\n`);
    });
    await admin.end();
  }
}
