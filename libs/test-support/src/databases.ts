import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A database of its own on the stack's server (DATABASE_URL), for one test file; drop() removes it again. */
export async function createThrowawayDatabase(label = 'test'): Promise<ThrowawayDatabase> {
  const server = new URL(process.env['DATABASE_URL'] ?? '');
  const name = `waymark_${label}_${randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const connection = await new DataSource({ type: 'postgres', url: server.toString() }).initialize();
    await connection.query(sql).finally(() => connection.destroy());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
