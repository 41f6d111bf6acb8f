import { register } from 'prom-client';
import { DB_POOL_CONNECTIONS, DB_POOL_MAX, DB_POOL_WAITING, pgPoolOf, poolFigures, watchPools } from './pool-metrics';

describe('pool metrics', () => {
  const stats = { totalCount: 7, idleCount: 2, waitingCount: 3, options: { max: 8 } };

  it('reports connections in use, idle, waiting and the limit', () => {
    expect(poolFigures(stats)).toEqual({ inUse: 5, idle: 2, waiting: 3, max: 8 });
    expect(poolFigures({ totalCount: 0, idleCount: 0, waitingCount: 0 }).max).toBe(10);
  });

  it("finds a TypeORM data source's pg pool, and nothing in anything else", () => {
    expect(pgPoolOf({ driver: { master: stats } })).toBe(stats);
    expect(pgPoolOf({ driver: {} })).toBeUndefined();
    expect(pgPoolOf(undefined)).toBeUndefined();
  });

  it('reads each pool at scrape time, and leaves out a pool not connected yet', async () => {
    const later: { stats?: typeof stats } = {};
    watchPools([
      { name: 'reads', pool: () => stats },
      { name: 'later', pool: () => later.stats },
    ]);
    const text = await register.metrics();
    expect(text).toContain(`${DB_POOL_CONNECTIONS}{pool="reads",state="in_use"} 5`);
    expect(text).toContain(`${DB_POOL_WAITING}{pool="reads"} 3`);
    expect(text).toContain(`${DB_POOL_MAX}{pool="reads"} 8`);
    expect(text).not.toContain('pool="later"');
    later.stats = { ...stats, idleCount: 7 };
    expect(await register.metrics()).toContain(`${DB_POOL_CONNECTIONS}{pool="later",state="in_use"} 0`);
  });
});
