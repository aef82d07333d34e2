import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/db.js';
import { getEvent, type StoredEvent } from '../../src/storage/events.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(root, 'dist/cli/faultline.js');

/** Which backend the e2e run targets: FAULTLINE_TEST_DB=sqlite (default) or postgres. */
export const backend: 'sqlite' | 'postgres' =
  process.env.FAULTLINE_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
const PG_ADMIN_URL = process.env.FAULTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const port = (srv.address() as net.AddressInfo).port;
  srv.close();
  await once(srv, 'close');
  return port;
}

/** A fresh, empty PostgreSQL database for one test server; dropped by `cleanup`. */
async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `faultline_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface ProjectInfo {
  id: string;
  slug: string;
  organization: string;
  dsn: string;
  publicKey: string;
}

export interface TestServer {
  url: string;
  port: number;
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Output of the server process so far (for log assertions). */
  output(): string;
  /** Runs `faultline <args> --json` against the same storage and returns the parsed output. */
  cli(args: string[]): Promise<Record<string, unknown>>;
  createProject(name?: string, platform?: string): Promise<ProjectInfo>;
  /** A connection to the same database the server uses, for reading back what it stored. */
  storage(): Database;
  waitForEvent(projectId: string | number, eventId: string, timeoutMs?: number): Promise<StoredEvent>;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server and removes its data. */
  cleanup(): Promise<void>;
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args, '--json'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as Record<string, unknown>)
        : reject(new Error(`faultline ${args.join(' ')}: ${err}`)),
    );
  });
}

/** Starts the built server (`dist/`) as a real process on a real port, on the backend under test. */
export async function startServer(opts: { env?: NodeJS.ProcessEnv } = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-test-'));
  const port = await freePort();
  const pgdb = backend === 'postgres' ? await createPgDatabase() : undefined;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAULTLINE_HOST: '127.0.0.1',
    FAULTLINE_PORT: String(port),
    FAULTLINE_URL: `http://127.0.0.1:${port}`,
    FAULTLINE_DATA_DIR: dataDir,
    FAULTLINE_LOG_LEVEL: 'info',
    DATABASE_URL: pgdb?.url ?? '',
    ...opts.env,
  };
  let child: ChildProcess | undefined;
  let output = '';
  /** Set while the helper itself stops the process; any other exit is reported with its output. */
  let stopping = false;
  const storages: Database[] = [];

  const launch = async () => {
    output += '--- start ---\n';
    const proc = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    proc.stdout.on('data', (d: Buffer) => (output += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (output += d.toString()));
    proc.once('exit', (code, signal) => {
      if (stopping) return;
      process.stderr.write(
        `faultline server on port ${port} exited by itself (code ${code}, signal ${signal}); its output ended:\n` +
          `${output.slice(-4000)}\n`,
      );
    });
    const deadline = Date.now() + 20_000;
    while (!output.slice(output.lastIndexOf('--- start ---')).includes('listening on')) {
      if (proc.exitCode !== null) throw new Error(`server exited early:\n${output}`);
      if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  await launch();

  const server: TestServer = {
    url: `http://127.0.0.1:${port}`,
    port,
    dataDir,
    env,
    output: () => output,
    cli: (args) => runCli(args, env),
    async createProject(name = 'app', platform = 'node') {
      const p = await runCli(
        ['project', 'create', '--org', 'acme', '--name', name, '--platform', platform],
        env,
      );
      const dsn = String(p.dsn);
      return {
        id: String(p.id),
        slug: String(p.slug),
        organization: String(p.organization),
        dsn,
        publicKey: new URL(dsn).username,
      };
    },
    storage() {
      const s = openDatabase({ databaseUrl: pgdb?.url, dataDir, poolSize: 2 });
      storages.push(s);
      return s;
    },
    async waitForEvent(projectId, eventId, timeoutMs = 10_000) {
      const s = storages[0] ?? server.storage();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const e = await getEvent(s.db, Number(projectId), eventId.replace(/-/g, ''));
        if (e) return e;
        if (Date.now() > deadline) throw new Error(`event ${eventId} was not stored within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async kill(signal = 'SIGKILL') {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      stopping = true;
      child.kill(signal);
      await exited;
      stopping = false;
    },
    async restart() {
      await server.kill('SIGKILL');
      await launch();
    },
    async cleanup() {
      await server.kill('SIGTERM');
      for (const s of storages) await s.db.destroy();
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}
