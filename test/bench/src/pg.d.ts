/**
 * The few parts of `pg` (8.x, a dependency through TypeORM) the benchmark uses: the
 * workspace has no @types/pg, and the benchmark installs nothing. Remove this file if
 * @types/pg is ever added.
 */
declare module 'pg' {
  export interface QueryResult<R> {
    rows: R[];
    rowCount: number | null;
  }

  export interface PoolClient {
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    release(error?: Error | boolean): void;
  }

  export class Pool {
    constructor(config: { connectionString: string; max?: number });
    readonly ended: boolean;
    connect(): Promise<PoolClient>;
    query<R = Record<string, unknown>>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
    end(): Promise<void>;
  }
}
