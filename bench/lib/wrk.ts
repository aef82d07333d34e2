import { runPinned } from './processes.js';

/** What one wrk run measured, from its own summary and from the done() line of bench/lib/answer-counts.lua. */
export interface WrkResult {
  requests: number;
  seconds: number;
  requestsPerSec: number;
  /** Latency percentiles in milliseconds (wrk --latency). */
  p50Ms: number;
  p75Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** wrk's "Non-2xx or 3xx responses" (statuses ≥ 400). */
  non2xx: number;
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** From the Lua script: requests built, answered 200, answered otherwise, body bytes, other statuses. */
  script:
    { sent: number; ok: number; other: number; bytes: number; statuses: Record<string, number> } | undefined;
  output: string;
}

export interface WrkOptions {
  cpu: number;
  url: string;
  seconds: number;
  connections: number;
  threads: number;
  script: string;
  /** Extra environment for the script (os.getenv in Lua). */
  env?: NodeJS.ProcessEnv;
}

/** Runs wrk pinned to one CPU and parses its report; throws if wrk fails or prints no summary. */
export async function runWrk(o: WrkOptions): Promise<WrkResult> {
  const args = [
    `-t${o.threads}`,
    `-c${o.connections}`,
    `-d${o.seconds}s`,
    '--timeout',
    '10s',
    '--latency',
    '-s',
    o.script,
    o.url,
  ];
  const { code, output } = await runPinned(o.cpu, 'wrk', args, (o.seconds + 30) * 1000, {
    env: { ...process.env, ...o.env },
  });
  if (code !== 0) throw new Error(`wrk exited with ${code}:\n${output}`);
  return parseWrkOutput(output);
}

const TIME_UNITS_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "1.23ms" → 1.23, "850.00us" → 0.85, "1.02s" → 1020. */
export function parseWrkTime(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m|h)$/.exec(text.trim());
  if (!m) throw new Error(`unrecognised wrk time "${text}"`);
  return Number(m[1]) * TIME_UNITS_MS[m[2]!]!;
}

function match(output: string, re: RegExp): RegExpExecArray {
  const m = re.exec(output);
  if (!m) throw new Error(`wrk output has no match for ${re}:\n${output}`);
  return m;
}

function percentile(output: string, p: number): number {
  return parseWrkTime(match(output, new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm'))[1]!);
}

/** Parses wrk 4.x output (with --latency) and the `faultline-bench …` line the bench scripts print. */
export function parseWrkOutput(output: string): WrkResult {
  const total = match(output, /(\d+) requests in ([\d.]+)(us|ms|s|m|h),/);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  const script = /^faultline-bench sent=(\d+) ok=(\d+) other=(\d+) bytes=(\d+) statuses=(\S*)$/m.exec(output);
  const statuses: Record<string, number> = {};
  for (const pair of script?.[5]?.split(',').filter(Boolean) ?? []) {
    const [code, n] = pair.split(':');
    if (code && n) statuses[code] = Number(n);
  }
  return {
    requests: Number(total[1]),
    seconds: parseWrkTime(`${total[2]}${total[3]}`) / 1000,
    requestsPerSec: Number(match(output, /^Requests\/sec:\s+([\d.]+)/m)[1]),
    p50Ms: percentile(output, 50),
    p75Ms: percentile(output, 75),
    p90Ms: percentile(output, 90),
    p99Ms: percentile(output, 99),
    maxMs: parseWrkTime(match(output, /^\s+Latency\s+\S+\s+\S+\s+(\S+)/m)[1]!),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: {
      connect: Number(sock?.[1] ?? 0),
      read: Number(sock?.[2] ?? 0),
      write: Number(sock?.[3] ?? 0),
      timeout: Number(sock?.[4] ?? 0),
    },
    script: script
      ? {
          sent: Number(script[1]),
          ok: Number(script[2]),
          other: Number(script[3]),
          bytes: Number(script[4]),
          statuses,
        }
      : undefined,
    output,
  };
}
