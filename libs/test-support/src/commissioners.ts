import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');
const opsCli = join(root, 'dist/apps/ops-cli/main.js');

export interface IssueCommissionerKeyOptions {
  label?: string;
  /** The database to issue the key in; the environment's DATABASE_URL unless given. */
  databaseUrl?: string;
}

/**
 * Issues a real commissioner API key (`wmc_…`) with the ops command line, as ops would, in the database named by
 * DATABASE_URL (or `databaseUrl`): the one the measures-service under test uses.
 */
export function issueCommissionerKey(
  commissionerId: string,
  { label, databaseUrl }: IssueCommissionerKeyOptions = {},
): string {
  const args = [
    opsCli,
    'commissioners',
    'keys',
    'issue',
    commissionerId,
    ...(label === undefined ? [] : ['--label', label]),
  ];
  const out = execFileSync(process.execPath, args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
    env: databaseUrl === undefined ? process.env : { ...process.env, DATABASE_URL: databaseUrl },
  });
  const key = /api key:\s*(\S+)/.exec(out)?.[1];
  if (!key) throw new Error(`ops-cli printed no key: ${out}`);
  return key;
}

/** A commissioner's HTTP client for measures-service: every request carries the key. */
export function commissionerClient(baseUrl: string, apiKey: string) {
  return {
    get: (path: string, signal?: AbortSignal) =>
      fetch(`${baseUrl}${path}`, { headers: { authorization: `Bearer ${apiKey}` }, signal }),
  };
}
