import { Gauge, register } from 'prom-client';

export const DB_POOL_CONNECTIONS = 'waymark_db_pool_connections';
export const DB_POOL_WAITING = 'waymark_db_pool_waiting_requests';
export const DB_POOL_MAX = 'waymark_db_pool_max_connections';

/** What node-postgres' Pool tells about itself. */
export interface PgPoolStats {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options?: { max?: number };
}

/** A named pool; `pool()` is undefined until its data source has connected. */
export interface NamedPool {
  name: string;
  pool: () => PgPoolStats | undefined;
}

/** One pool's figures as the gauges report them: connections in use and idle, requests waiting, the limit. */
export function poolFigures(stats: PgPoolStats) {
  return {
    inUse: stats.totalCount - stats.idleCount,
    idle: stats.idleCount,
    waiting: stats.waitingCount,
    max: stats.options?.max ?? 10, // pg's default
  };
}

/**
 * Gauges of each PostgreSQL pool, read at scrape time: saturation is `in_use / max`, and any `waiting` means a
 * request is queued for a connection. Registered once per process; later calls add pools.
 */
export function watchPools(pools: NamedPool[]): void {
  watched.push(...pools);
  if (register.getSingleMetric(DB_POOL_CONNECTIONS)) return;
  const read = () =>
    watched.flatMap(({ name, pool }) => {
      const stats = pool();
      return stats ? [{ name, ...poolFigures(stats) }] : [];
    });
  new Gauge({
    name: DB_POOL_CONNECTIONS,
    help: 'PostgreSQL pool connections by state (in_use, idle), by pool (data source name)',
    labelNames: ['pool', 'state'],
    collect() {
      this.reset();
      for (const { name, inUse, idle } of read()) {
        this.set({ pool: name, state: 'in_use' }, inUse);
        this.set({ pool: name, state: 'idle' }, idle);
      }
    },
  });
  new Gauge({
    name: DB_POOL_WAITING,
    help: 'Requests waiting for a connection of the PostgreSQL pool',
    labelNames: ['pool'],
    collect() {
      this.reset();
      for (const { name, waiting } of read()) this.set({ pool: name }, waiting);
    },
  });
  new Gauge({
    name: DB_POOL_MAX,
    help: 'The most connections the PostgreSQL pool opens',
    labelNames: ['pool'],
    collect() {
      this.reset();
      for (const { name, max } of read()) this.set({ pool: name }, max);
    },
  });
}

const watched: NamedPool[] = [];

/**
 * The pg pool behind a TypeORM data source, read structurally (`driver.master`) so this library needs no TypeORM;
 * undefined for anything else.
 */
export function pgPoolOf(candidate: unknown): PgPoolStats | undefined {
  const master = (candidate as { driver?: { master?: unknown } } | undefined)?.driver?.master;
  const pool = master as Partial<PgPoolStats> | undefined;
  return typeof pool?.totalCount === 'number' && typeof pool.idleCount === 'number' ? (pool as PgPoolStats) : undefined;
}
