import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';
import { spawnPinned, type PinnedProcess } from './processes.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/cli/faultline.js');

/** How the bench's tables describe the two topologies startFaultline runs. */
export const TOPOLOGY_NOTES = {
  allInOne: '`faultline serve`: the digest in the server process, paced so that ingest comes first',
  split:
    '`FAULTLINE_WORKER=off faultline serve` + `nice -n 19 faultline worker` on the same CPU (recommended)',
};

export interface BenchProject {
  id: string;
  dsn: string;
  publicKey: string;
}

/** A built Faultline server running as its own process on a fresh data dir (SQLite). */
export interface FaultlineServer {
  url: string;
  dataDir: string;
  process: PinnedProcess;
  /** The `faultline worker` process, when the digest runs in a process of its own. */
  worker: PinnedProcess | undefined;
  /** The pids of the server and its worker process, for CPU accounting. */
  pids(): number[];
  createProject(name: string): Promise<BenchProject>;
  /** The envelope endpoint with the key in the query string, as @sentry/node sends it. */
  envelopeUrl(project: BenchProject): string;
  /** Log lines at warn level or above (pino level ≥ 40) and anything on stderr that is not JSON. */
  problems(): string[];
  /** Stops the server and removes its data dir. */
  cleanup(): Promise<void>;
}

/**
 * Starts `node dist/cli/faultline.js serve` pinned to `cpu`, the way an operator runs it. With
 * `separateWorker`, the server runs with FAULTLINE_WORKER=off and `faultline worker` runs beside it on
 * the same CPU at the lowest priority (`nice -n 19`): the topology docs/operations.md recommends.
 */
export async function startFaultline(
  cpu: number,
  env: NodeJS.ProcessEnv = {},
  opts: { separateWorker?: boolean } = {},
): Promise<FaultlineServer> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    FAULTLINE_HOST: '127.0.0.1',
    FAULTLINE_PORT: String(port),
    FAULTLINE_URL: url,
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_LOG_LEVEL: 'info',
    DATABASE_URL: '',
    ...env,
    ...(opts.separateWorker ? { FAULTLINE_WORKER: 'off' } : {}),
  };
  const proc = spawnPinned(cpu, process.execPath, [CLI, 'serve'], { env: serverEnv, cwd: ROOT });
  let worker: PinnedProcess | undefined;
  try {
    await proc.waitForOutput('listening on', 20_000);
    if (opts.separateWorker) {
      worker = spawnPinned(cpu, 'nice', ['-n', '19', process.execPath, CLI, 'worker'], {
        env: serverEnv,
        cwd: ROOT,
      });
      await worker.waitForOutput('worker is digesting', 20_000);
    }
  } catch (err) {
    await worker?.stop();
    await proc.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }

  return {
    url,
    dataDir,
    process: proc,
    worker,
    pids: () => [proc.child.pid, worker?.child.pid].filter((pid): pid is number => pid !== undefined),
    async createProject(name) {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [CLI, 'project', 'create', '--org', 'bench', '--name', name, '--json'],
        { env: serverEnv, cwd: ROOT },
      );
      const p = JSON.parse(stdout) as { id?: unknown; dsn?: unknown };
      if (typeof p.id !== 'string' || typeof p.dsn !== 'string')
        throw new Error(`unexpected project output: ${stdout}`);
      return { id: p.id, dsn: p.dsn, publicKey: new URL(p.dsn).username };
    },
    envelopeUrl: (project) =>
      `${url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}&sentry_version=7`,
    problems: () => findProblems(proc.output() + (worker?.output() ?? '')),
    async cleanup() {
      await worker?.stop();
      await proc.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Lines of server output worth showing: pino records at warn or above, and non-JSON text that looks like an error. */
export function findProblems(output: string): string[] {
  const out: string[] = [];
  for (const line of output.split('\n')) {
    if (!line.trim()) continue;
    if (line.startsWith('{')) {
      try {
        const rec = JSON.parse(line) as { level?: unknown };
        if (typeof rec.level === 'number' && rec.level >= 40) out.push(line);
        continue;
      } catch {
        // Not a log record: judged as text below.
      }
    }
    if (/error|warn|exception|fatal/i.test(line)) out.push(line);
  }
  return out;
}
