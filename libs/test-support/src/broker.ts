import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sleep } from './services';

const root = join(__dirname, '../../..');
const pidFile = () => join(process.env['WAYMARK_DATA_DIR'] ?? join(root, '.waymark'), 'run', 'kafka.pid');

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Kills the local stack's Kafka broker with SIGKILL (no clean shutdown), and waits until it is gone. */
export async function killBroker(): Promise<void> {
  const pid = Number(readFileSync(pidFile(), 'utf8').trim());
  if (!alive(pid)) return;
  process.kill(pid, 'SIGKILL');
  while (alive(pid)) await sleep(50);
}

/**
 * Stops one component of the local stack as `infra/local/stack down <component>` does (PostgreSQL: a fast shutdown that
 * ends every session), and waits until it is gone.
 */
export async function stopStackComponent(component: 'postgres' | 'temporal' | 'kafka'): Promise<void> {
  await promisify(execFile)('bash', [join(root, 'infra/local/stack'), 'down', component], { env: process.env });
}

/** Starts whatever of the local stack is not running (the broker after a kill), and waits until it is ready. */
export async function startStack(): Promise<void> {
  await promisify(execFile)('bash', [join(root, 'infra/local/stack'), 'up'], { env: process.env });
}
