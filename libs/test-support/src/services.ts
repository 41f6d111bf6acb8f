import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '../../..');

/**
 * A test service's port: its base plus WAYMARK_TEST_PORT_OFFSET, so two checkouts (each with its own stack) can run
 * their end-to-end tests side by side.
 */
export const testPort = (base: number) => base + Number(process.env['WAYMARK_TEST_PORT_OFFSET'] ?? 0);

/** A test service's management server (health probes, metrics) listens on its port plus this. */
export const MANAGEMENT_PORT_OFFSET = 500;
const defaultLogDir = join(root, 'tmp/e2e-logs');

export interface RunningService {
  name: string;
  /** The public API (journey-worker has none: its port is only reserved). */
  url: string;
  /** Health probes and metrics. */
  managementUrl: string;
  /** The service's process id (for watching its CPU, say). */
  pid?: number;
  /** SIGTERM, then the exit code once the process has shut down. */
  stop(): Promise<number | null>;
}

export interface StartOptions {
  /** Where `<name>.log` is written (replaced on each start); `tmp/e2e-logs` unless given. */
  logDir?: string;
}

/**
 * Starts a built service (dist/apps/<name>/main.js) as its own process with the stack's environment, its API on
 * `port` and its management server on `port` + MANAGEMENT_PORT_OFFSET, and resolves once its readiness probe
 * passes.
 */
export async function startService(
  name: string,
  port: number,
  env: Record<string, string> = {},
  { logDir = defaultLogDir }: StartOptions = {},
): Promise<RunningService> {
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const managementPort = port + MANAGEMENT_PORT_OFFSET;
  const child = spawn(process.execPath, [join(root, 'dist/apps', name, 'main.js')], {
    env: { ...process.env, ...env, PORT: String(port), MANAGEMENT_PORT: String(managementPort), LOG_LEVEL: 'info' },
    stdio: ['ignore', out, out],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const managementUrl = `http://127.0.0.1:${managementPort}`;
  await waitUntilReady(name, managementUrl, child, logFile);
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    managementUrl,
    pid: child.pid,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function waitUntilReady(name: string, url: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited with ${child.exitCode} while starting:\n${tail(logFile)}`);
    }
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`${name} was not ready within 60 s:\n${tail(logFile)}`);
}

const tail = (file: string) => readFileSync(file, 'utf8').split('\n').slice(-30).join('\n');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds for its value; fails with the last value seen. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await sleep(200);
    value = await read();
  }
  return value;
}

/** A response body, typed by the test that reads it. */
export const json = <T>(response: Response): Promise<T> => response.json() as Promise<T>;
