import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

/** A child process pinned to one CPU, with its output collected. */
export interface PinnedProcess {
  child: ChildProcess;
  /** Everything the process wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves once the output contains `text`; rejects if the process exits first or time runs out. */
  waitForOutput(text: string, timeoutMs: number): Promise<void>;
  /** The process's peak resident memory in KiB (VmHWM), while it is alive. */
  peakRssKib(): number | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<ChildProcess>();

// A bench interrupted half-way must not leave a server or wrk running in the background.
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** How many CPUs the bench can pin to; below two, pinning is skipped (the figures then mean less). */
export function canPin(): boolean {
  return os.availableParallelism() >= 2;
}

/** `taskset -c <cpu> command args…`, or the bare command when there are not two CPUs to split. */
function pinned(cpu: number, command: string, args: string[]): [string, string[]] {
  return canPin() ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, args];
}

/** Starts `command` pinned to `cpu` (taskset execs it, so the pid is the command's own). */
export function spawnPinned(
  cpu: number,
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): PinnedProcess {
  const [cmd, argv] = pinned(cpu, command, args);
  const child = spawn(cmd, argv, {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  let out = '';
  const collect = (d: Buffer): void => {
    out += d.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => {
    child.once('close', () => {
      live.delete(child);
      resolve();
    });
  });
  const isAlive = (): boolean => child.exitCode === null && child.signalCode === null;

  return {
    child,
    output: () => out,
    async waitForOutput(text, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (!isAlive()) throw new Error(`${command} exited before printing "${text}":\n${out}`);
        if (Date.now() > deadline)
          throw new Error(`${command} did not print "${text}" within ${timeoutMs} ms:\n${out}`);
        await sleep(25);
      }
    },
    peakRssKib() {
      try {
        const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const m = /^VmHWM:\s+(\d+) kB/m.exec(status);
        return m ? Number(m[1]) : undefined;
      } catch {
        return undefined;
      }
    },
    async stop(graceMs = 5000) {
      if (!isAlive()) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs `command` pinned to `cpu` to completion (killed after `timeoutMs`); returns its exit code and output. */
export async function runPinned(
  cpu: number,
  command: string,
  args: string[],
  timeoutMs: number,
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; output: string }> {
  const proc = spawnPinned(cpu, command, args, opts);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => proc.child.once('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output: proc.output() };
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
