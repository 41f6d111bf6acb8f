import { databaseEnv, loadConfig } from '@waymark/config';
import { issueCertificate } from '@waymark/test-support';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openProviderApiDataSource } from './provider-access-test-support';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

const STACK = join(__dirname, '../../../infra/local/stack');
const schema = z.object(databaseEnv);

/** A port nobody listens on now (the kernel's choice), for the second PostgreSQL. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * The services' DATABASE_URL with TLS (decision 0022) against a real PostgreSQL: a second, short-lived one that the
 * stack's own script starts from its cached binaries in a temp data folder (with its own CA there), so its
 * pg_hba.conf can be made TLS-only without touching the stack everyone else uses. Its certificate names 127.0.0.1.
 */
describe('PostgreSQL over TLS', () => {
  let dataDir: string;
  let port: number;
  let stackEnv: NodeJS.ProcessEnv;
  const stack = (...args: string[]) => promisify(execFile)(STACK, args, { env: stackEnv });

  const url = (params: string) => `postgres://postgres@127.0.0.1:${port}/waymark?${params}`;
  /** journey-api's data source, as the service opens it (migrations included), from a checked DATABASE_URL. */
  const open = (params: string) =>
    openProviderApiDataSource(loadConfig(schema, { DATABASE_URL: url(params) }).DATABASE_URL);
  const encrypted = async (dataSource: DataSource) => {
    const [row] = await dataSource.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return row.ssl as boolean;
  };
  const withDataSource = async <T>(params: string, use: (dataSource: DataSource) => Promise<T>) => {
    const dataSource = await open(params);
    try {
      return await use(dataSource);
    } finally {
      await dataSource.destroy();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'postgres-tls-it-'));
    port = await freePort();
    stackEnv = { ...process.env, WAYMARK_DATA_DIR: dataDir, POSTGRES_PORT: String(port) };
    delete stackEnv['DATABASE_URL']; // else the stack takes it for an external server and starts nothing
    await stack('up', 'postgres');
  });
  afterAll(async () => {
    if (stackEnv) await stack('reset');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const verified = () => `sslmode=verify-full&sslrootcert=${join(dataDir, 'tls', 'ca.crt')}`;

  it('connects with sslmode=verify-full and the CA of sslrootcert, encrypted', async () => {
    expect(await withDataSource(verified(), encrypted)).toBe(true);
  });

  it('refuses a server whose certificate another CA signed', async () => {
    const otherCa = issueCertificate(join(dataDir, 'other-ca'), 'unused', ['IP:127.0.0.1']).caFile;
    await expect(open(`sslmode=verify-full&sslrootcert=${otherCa}`)).rejects.toThrow(/certificate/);
  });

  it('is refused with sslmode=disable by a server whose pg_hba.conf takes TLS only', async () => {
    expect(await withDataSource('sslmode=disable', encrypted)).toBe(false); // the stack's default: both
    writeFileSync(join(dataDir, 'postgres', 'data', 'pg_hba.conf'), 'hostssl all all 127.0.0.1/32 trust\n');
    await withDataSource(verified(), (dataSource) => dataSource.query('SELECT pg_reload_conf()'));

    await expect(open('sslmode=disable')).rejects.toThrow(/no pg_hba.conf entry .* no encryption/);
    expect(await withDataSource(verified(), encrypted)).toBe(true);
  });
});
