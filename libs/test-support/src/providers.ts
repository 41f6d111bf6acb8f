import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/** Issues a real API key with the ops command line, as ops would. */
export function issueKey(providerId: string): string {
  const out = execFileSync(
    process.execPath,
    [join(root, 'dist/apps/ops-cli/main.js'), 'keys', 'issue', '--provider', providerId],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const key = /api key:\s*(\S+)/.exec(out)?.[1];
  if (!key) throw new Error(`ops-cli printed no key: ${out}`);
  return key;
}

/** A provider's HTTP client for journey-api: authenticated, with a fresh Idempotency-Key per POST unless given. */
export function providerClient(baseUrl: string, apiKey: string) {
  const headers = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${apiKey}`, ...extra });
  return {
    get: (path: string) => fetch(`${baseUrl}${path}`, { headers: headers() }),
    post: (path: string, body: unknown, idempotencyKey: string = randomUUID()) =>
      fetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: headers({ 'content-type': 'application/json', 'idempotency-key': idempotencyKey }),
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}
