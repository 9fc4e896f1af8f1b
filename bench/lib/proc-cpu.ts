/**
 * CPU time of the processes a benchmark shares the machine with, from Linux's /proc (elsewhere: nothing, and the
 * report says so). P11 samples it at the start and the end of a window to say where the cores went: the load
 * generator, the instances, PostgreSQL, nginx, Redis, and the machine as a whole.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSample {
  at: number;
  /** CPU ms per command name (`postgres`, `nginx`, …), summed over its processes alive now. */
  byCommand: Record<string, number>;
  /** The whole machine: busy and total jiffies since boot (/proc/stat), in ms. */
  machineBusyMs: number;
  machineTotalMs: number;
}

/** Cores used between two samples, per command, and the machine's busy share (0–1). */
export interface CpuUse {
  cores: Record<string, number>;
  machineBusy: number;
  /** Cores of the machine (for reading `cores` against). */
  machineCores: number;
}

let tickMs: number | null = null;
function msPerTick(): number {
  if (tickMs === null) {
    let hz = 100;
    try {
      hz = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // getconf missing: Linux's USER_HZ is 100 on every common build.
    }
    tickMs = 1000 / hz;
  }
  return tickMs;
}

/** utime + stime of one process from /proc/<pid>/stat (the command is in parentheses and may hold spaces). */
function readStat(pid: string): { command: string; ms: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const open = text.indexOf('(');
    const close = text.lastIndexOf(')');
    const fields = text.slice(close + 2).split(' ');
    // Fields after the command: state is [0], utime [11], stime [12] (stat(5): 14 and 15 counting from 1).
    return { command: text.slice(open + 1, close), ms: (Number(fields[11]) + Number(fields[12])) * msPerTick() };
  } catch {
    return null; // gone meanwhile
  }
}

export const procAvailable = (): boolean => {
  try {
    readFileSync('/proc/stat', 'utf8');
    return true;
  } catch {
    return false;
  }
};

/** One sample of the processes whose command is one of `commands`; null where /proc is missing. */
export function sampleCpu(commands: readonly string[]): CpuSample | null {
  if (!procAvailable()) return null;
  const wanted = new Set(commands);
  const byCommand: Record<string, number> = Object.fromEntries(commands.map((c) => [c, 0]));
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = readStat(pid);
    if (stat && wanted.has(stat.command)) byCommand[stat.command] = (byCommand[stat.command] ?? 0) + stat.ms;
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: idle and iowait are not busy.
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { at: performance.now(), byCommand, machineBusyMs: (total - idle) * msPerTick(), machineTotalMs: total * msPerTick() };
}

/** Cores per command between two samples. A process that started or ended between them counts only partly. */
export function cpuBetween(a: CpuSample, b: CpuSample, cores: number): CpuUse {
  const wallMs = b.at - a.at;
  const used: Record<string, number> = {};
  for (const [command, ms] of Object.entries(b.byCommand)) used[command] = Math.max(0, ms - (a.byCommand[command] ?? 0)) / wallMs;
  const total = b.machineTotalMs - a.machineTotalMs;
  return { cores: used, machineBusy: total > 0 ? (b.machineBusyMs - a.machineBusyMs) / total : Number.NaN, machineCores: cores };
}
