import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

const opsCli = join(__dirname, '../../..', 'dist/apps/ops-cli/main.js');

/** Runs the built ops command line with the stack's environment plus `env`, as ops would. */
export function runOpsCli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [opsCli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    // A command that hangs fails its test (status null) instead of holding the whole suite.
    timeout: 300_000,
    killSignal: 'SIGKILL',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the built ops command line without waiting for it, e.g. to kill it halfway. */
export function spawnOpsCli(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [opsCli, ...args], { env: { ...process.env, ...env }, stdio: 'ignore' });
}
