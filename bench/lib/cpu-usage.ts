import fs from 'node:fs';
import os from 'node:os';

/** CPU use during a measured run: how busy the server's CPU was, and how much of that was the server. */
export interface CpuUsage {
  /** Share of the server's CPU that was busy (any process), 0–1. */
  serverCpuBusy: number;
  /** Share of one CPU the server's processes used together, 0–1. */
  serverProcess: number;
  /** Share of the load generator's CPU that was busy (any process), 0–1. */
  loadCpuBusy: number;
}

interface CpuTimes {
  busy: number;
  total: number;
}

/** Jiffies per CPU from /proc/stat (Linux); empty elsewhere. */
function readCpuTimes(): Map<number, CpuTimes> {
  const out = new Map<number, CpuTimes>();
  let text: string;
  try {
    text = fs.readFileSync('/proc/stat', 'utf8');
  } catch {
    return out;
  }
  for (const line of text.split('\n')) {
    const m = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const v = m[2]!.trim().split(/\s+/).map(Number);
    // user nice system idle iowait irq softirq steal …; idle and iowait are the not-busy part.
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    out.set(Number(m[1]), { busy: total - idle, total });
  }
  return out;
}

/** utime + stime of a process, in jiffies. */
function readProcessJiffies(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Starts sampling; the returned function ends the sample and reports the shares. */
export function sampleCpuUsage(serverPids: number[], serverCpu: number, loadCpu: number): () => CpuUsage {
  const jiffies = (): number => serverPids.reduce((sum, pid) => sum + readProcessJiffies(pid), 0);
  const cpus0 = readCpuTimes();
  const proc0 = jiffies();
  const t0 = process.hrtime.bigint();
  return () => {
    const cpus1 = readCpuTimes();
    const proc1 = jiffies();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const share = (cpu: number): number => {
      const a = cpus0.get(cpu);
      const b = cpus1.get(cpu);
      return a && b && b.total > a.total ? (b.busy - a.busy) / (b.total - a.total) : 0;
    };
    // Linux reports process times in USER_HZ, which is 100 on every platform Node runs on.
    const hz = 100;
    return {
      serverCpuBusy: share(serverCpu),
      serverProcess: seconds > 0 && os.platform() === 'linux' ? (proc1 - proc0) / hz / seconds : 0,
      loadCpuBusy: share(loadCpu),
    };
  };
}
