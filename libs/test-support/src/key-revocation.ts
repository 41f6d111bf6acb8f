import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/** The key id an API key carries (`wmk_<keyId>_<secret>`): what ops lists and revokes by. */
export function keyIdOf(apiKey: string): string {
  const keyId = /^wmk_([0-9a-f]{16})_/.exec(apiKey)?.[1];
  if (!keyId) throw new Error('not an API key issued by ops-cli');
  return keyId;
}

/** Revokes a key with the ops command line, as ops would; fails unless the key was active. */
export function revokeKey(keyId: string): void {
  const out = execFileSync(
    process.execPath,
    [join(root, 'dist/apps/ops-cli/main.js'), 'providers', 'keys', 'revoke', keyId],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  if (!out.includes(`revoked ${keyId}`)) throw new Error(`ops-cli did not revoke ${keyId}: ${out}`);
}
