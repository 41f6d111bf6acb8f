import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = join(__dirname, '../../..');
const opsCli = join(root, 'dist/apps/ops-cli/main.js');
const issueArgs = (providerId: string) => [opsCli, 'providers', 'keys', 'issue', providerId];

function keyFrom(out: string): string {
  const key = /api key:\s*(\S+)/.exec(out)?.[1];
  if (!key) throw new Error(`ops-cli printed no key: ${out}`);
  return key;
}

/**
 * Issues a real API key with the ops command line, as ops would, in the database named by DATABASE_URL (or
 * `databaseUrl`).
 */
export function issueKey(providerId: string, { databaseUrl }: { databaseUrl?: string } = {}): string {
  const out = execFileSync(process.execPath, issueArgs(providerId), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: databaseUrl === undefined ? process.env : { ...process.env, DATABASE_URL: databaseUrl },
  });
  return keyFrom(out);
}

/** {@link issueKey} without blocking, so many keys can be issued side by side. */
export async function issueKeyAsync(providerId: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, issueArgs(providerId), { encoding: 'utf8' });
  return keyFrom(stdout);
}

export interface ProviderClientOptions {
  /** Each request is aborted (its promise rejects with a TimeoutError) after this long; no limit unless given. */
  timeoutMs?: number;
}

/** A provider's HTTP client for journey-api: authenticated, with a fresh Idempotency-Key per POST unless given. */
export function providerClient(baseUrl: string, apiKey: string, { timeoutMs }: ProviderClientOptions = {}) {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${apiKey}`, ...extra });
  const signal = () => (timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs));
  return {
    get: (path: string) => fetch(`${baseUrl}${path}`, { headers: headers(), signal: signal() }),
    post: (path: string, body: unknown, idempotencyKey: string = randomUUID()) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', 'idempotency-key': idempotencyKey }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
        signal: signal(),
      }),
  };
}
