/** The few logger methods Faultline's background jobs use; Fastify's pino logger has them too. */
export interface Log {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

function plain(value: unknown): unknown {
  return value instanceof Error ? { type: value.name, message: value.message, stack: value.stack } : value;
}

/**
 * JSON lines in pino's shape (`level`, `time`, `pid`, `msg`), for a process without Fastify's logger:
 * the worker process. Lines below `level` are dropped; `silent` drops all.
 */
export function createJsonLog(
  level: string,
  write: (line: string) => void = (line) => process.stdout.write(line),
): Log {
  const threshold = LEVELS[level] ?? Number.POSITIVE_INFINITY;
  const line = (n: number) => (obj: Record<string, unknown>, msg: string) => {
    if (n < threshold) return;
    const fields = Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, plain(v)]));
    write(`${JSON.stringify({ level: n, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
  };
  return { info: line(30), warn: line(40), error: line(50) };
}
