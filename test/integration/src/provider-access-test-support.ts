import { ApiKeyParts, parseApiKey } from '@waymark/provider-access';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** A database of its own for one test file, as in measures-store.int-spec.ts; drop() removes it again. */
export async function createThrowawayDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = new URL(process.env['DATABASE_URL'] ?? '');
  const name = `waymark_it_${randomUUID().replace(/-/g, '')}`;
  const admin = async (sql: string) => {
    const connection = await new DataSource({ type: 'postgres', url: server.toString() }).initialize();
    await connection.query(sql).finally(() => connection.destroy());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(server);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** The key id and secret of a key the store issued (which always parses). */
export function keyParts(apiKey: string): ApiKeyParts {
  const parts = parseApiKey(apiKey);
  if (!parts) throw new Error(`not an API key: ${apiKey}`);
  return parts;
}
