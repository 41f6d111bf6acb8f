import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * CPU time per process group from /proc (Linux only), so a run can say where the
 * cores went: our services, Temporal, Kafka, PostgreSQL (postmaster and backends),
 * the load generator itself, Waymark services someone else started, and the rest.
 */
export interface CpuTarget {
  name: string;
  /** Processes of the group, or a function that finds them at each snapshot. */
  pids: number[] | (() => number[]);
  /** Count the processes' children too (PostgreSQL's backends). */
  withChildren?: boolean;
}

export interface CpuSnapshot {
  at: number;
  /** Clock ticks per target, per process. */
  ticks: Map<string, Map<number, number>>;
  machineBusy: number;
  machineTotal: number;
}

export interface CpuUsage {
  name: string;
  /** Percent of one core over the interval. */
  percentOfCore: number;
}

/** The two rows that are not processes of the run: the rest of the machine's load, and idle time. */
export const EVERYTHING_ELSE = 'everything else on the machine';
export const IDLE = 'idle';

const TICKS_PER_SECOND = 100; // USER_HZ; 100 on every Linux this runs on

export const cpuAvailable = () => existsSync('/proc/stat');

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime + cutime + cstime: its own time and that of children it has reaped. */
  ticks: number;
}

function stat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' '); // from field 3 on; the name may hold spaces
    const field = (n: number) => Number(fields[n - 3]);
    return { pid, ppid: field(4), ticks: field(14) + field(15) + field(16) + field(17) };
  } catch {
    return undefined;
  }
}

const processIds = () =>
  readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);

/** Waymark services running from any checkout (`node …/dist/apps/<name>/main.js`), except `ours`. */
export function otherWaymarkServices(ours: number[]): number[] {
  return processIds().filter((pid) => {
    if (ours.includes(pid)) return false;
    try {
      return /dist\/apps\/[a-z-]+\/main\.js/.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      return false;
    }
  });
}

function machine(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
  const total = values.reduce((a, b) => a + b, 0);
  return { busy: total - (values[3] ?? 0) - (values[4] ?? 0), total };
}

export function snapshot(targets: CpuTarget[], at: number): CpuSnapshot {
  const all = targets.some((t) => t.withChildren) ? processIds().flatMap((pid) => stat(pid) ?? []) : [];
  const ticks = new Map<string, Map<number, number>>();
  for (const target of targets) {
    const perProcess = new Map<number, number>();
    for (const pid of typeof target.pids === 'function' ? target.pids() : target.pids) {
      const own = stat(pid)?.ticks;
      if (own === undefined) continue;
      // A child that exits between snapshots moves from "live child" to the parent's reaped time: counted once.
      const children = target.withChildren ? all.filter((p) => p.ppid === pid).reduce((s, p) => s + p.ticks, 0) : 0;
      perProcess.set(pid, own + children);
    }
    ticks.set(target.name, perProcess);
  }
  const { busy, total } = machine();
  return { at, ticks, machineBusy: busy, machineTotal: total };
}

/** Usage per target between two snapshots (processes present in both), then the rest of the machine, and idle. */
export function usageBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUsage[] {
  const seconds = (after.at - before.at) / 1000;
  const usage = [...after.ticks.entries()].map(([name, perProcess]) => {
    let ticks = 0;
    for (const [pid, t] of perProcess) {
      const earlier = before.ticks.get(name)?.get(pid);
      if (earlier !== undefined) ticks += Math.max(0, t - earlier);
    }
    return { name, percentOfCore: (100 * ticks) / TICKS_PER_SECOND / seconds };
  });
  // /proc/stat counts all cores together: scale the busy share by the core count.
  const cores = cpus().length;
  const busyShare = (after.machineBusy - before.machineBusy) / Math.max(1, after.machineTotal - before.machineTotal);
  const busyPercent = 100 * cores * busyShare;
  const counted = usage.reduce((sum, u) => sum + u.percentOfCore, 0);
  return [
    ...usage,
    { name: EVERYTHING_ELSE, percentOfCore: Math.max(0, busyPercent - counted) },
    { name: IDLE, percentOfCore: Math.max(0, 100 * cores - busyPercent) },
  ];
}

/** The stack's processes from the pid files infra/local/stack keeps under its data folder. */
export function stackTargets(dataDir: string): CpuTarget[] {
  const read = (name: string) => {
    try {
      return Number(readFileSync(`${dataDir}/run/${name}.pid`, 'utf8').trim()) || undefined;
    } catch {
      return undefined;
    }
  };
  const targets: CpuTarget[] = [];
  const temporal = read('temporal');
  const kafka = read('kafka');
  const postgres = read('postgres');
  if (temporal) targets.push({ name: 'temporal (dev server, SQLite)', pids: [temporal] });
  if (kafka) targets.push({ name: 'kafka (broker)', pids: [kafka] });
  if (postgres) targets.push({ name: 'postgresql (postmaster and backends)', pids: [postgres], withChildren: true });
  return targets;
}

/**
 * CPU over exactly a measured window on the run's clock: a snapshot when it opens, another when it closes — or
 * when `finish` is called, if every loop ended a moment before the closing timer fired.
 */
export function cpuOverWindow(targets: CpuTarget[], window: { from: number; to: number }) {
  const taken: { before?: CpuSnapshot; after?: CpuSnapshot } = {};
  const take = (key: 'before' | 'after') => {
    if (cpuAvailable()) taken[key] = snapshot(targets, performance.now());
  };
  const now = performance.now();
  const opening = setTimeout(() => take('before'), window.from - now);
  const closing = setTimeout(() => take('after'), window.to - now);
  return {
    finish(): CpuUsage[] | undefined {
      clearTimeout(opening);
      clearTimeout(closing);
      if (!taken.after) take('after');
      return taken.before && taken.after ? usageBetween(taken.before, taken.after) : undefined;
    },
  };
}
