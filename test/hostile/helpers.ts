import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { eventEnvelope, eventId, rawRequest, sampleEvent, type RawResponse } from '../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../helpers/server.js';
import type { Database } from '../../src/storage/db.js';

/**
 * The memory budget the hostile suites hold the server to (docs/operations.md, "Memory budget"): resident
 * memory as reported on /metrics stays under this whatever a client sends.
 */
export const RSS_BUDGET_BYTES = 300 * 1024 * 1024;

/** A running server with one project, and the URLs a Sentry SDK would use for it. */
export interface Target {
  server: TestServer;
  project: ProjectInfo;
  envelopeUrl(p?: ProjectInfo): string;
  storeUrl(p?: ProjectInfo): string;
}

/** Starts a server (worker on unless `env` says otherwise) with one project. */
export async function startTarget(env: NodeJS.ProcessEnv = {}, name = 'hostile'): Promise<Target> {
  const server = await startServer({ env: { FAULTLINE_LOG_LEVEL: 'warn', ...env } });
  const project = await server.createProject(name);
  return targetFor(server, project);
}

/** The URLs of `project` on `server`. */
export function targetFor(server: TestServer, project: ProjectInfo): Target {
  return {
    server,
    project,
    envelopeUrl: (p = project) =>
      `${server.url}/api/${p.id}/envelope/?sentry_key=${p.publicKey}&sentry_version=7`,
    storeUrl: (p = project) => `${server.url}/api/${p.id}/store/?sentry_key=${p.publicKey}&sentry_version=7`,
  };
}

/** /metrics as a list of samples. */
export async function scrapeMetrics(
  server: TestServer,
): Promise<{ name: string; labels: string; value: number }[]> {
  const res = await rawRequest(`${server.url}/metrics`, { method: 'GET', timeoutMs: 10_000 });
  assert.equal(res.status, 200, `/metrics answered ${res.status}`);
  const samples: { name: string; labels: string; value: number }[] = [];
  for (const line of res.text.split('\n')) {
    const m = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (m) samples.push({ name: m[1]!, labels: m[2] ?? '', value: Number(m[3]) });
  }
  return samples;
}

/** The sum of a metric over the samples whose labels contain every `label="value"` given. */
export async function metric(
  server: TestServer,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  return (await scrapeMetrics(server))
    .filter((s) => s.name === name && wanted.every((w) => s.labels.includes(w)))
    .reduce((sum, s) => sum + s.value, 0);
}

/** Resident memory of the server process, from /metrics. */
export const residentBytes = (server: TestServer) => metric(server, 'faultline_process_resident_bytes');

/** Waits until the spool has nothing left for the digest (parked records excluded). */
export async function waitForDrain(server: TestServer, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await metric(server, 'faultline_intake_pending')) > 0) {
    if (Date.now() > deadline) throw new Error(`the spool did not drain within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const storages = new WeakMap<TestServer, Database>();

/** One connection to the server's database per server (closed by the server's cleanup). */
export function storageOf(server: TestServer): Database {
  let s = storages.get(server);
  if (!s) storages.set(server, (s = server.storage()));
  return s;
}

/** Rows the project has in each table that ingest can fill. */
export async function storedRows(
  server: TestServer,
  projectId: string,
): Promise<{ events: number; items: number; attachments: number }> {
  const { db } = storageOf(server);
  const count = async (table: 'events' | 'envelope_items' | 'attachments') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('project_id', '=', Number(projectId))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    events: await count('events'),
    items: await count('envelope_items'),
    attachments: await count('attachments'),
  };
}

/** Sends one ordinary event on a new connection and waits until it is stored; returns its id. */
export async function sendProbe(t: Target, timeoutMs = 15_000): Promise<string> {
  const ev = sampleEvent();
  const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev), timeoutMs: 10_000 });
  assert.equal(res.status, 200, `the probe event was refused: ${res.status} ${res.text}`);
  await t.server.waitForEvent(t.project.id, String(ev.event_id), timeoutMs);
  return String(ev.event_id);
}

/** Accepted ingest requests so far, as counted on /metrics. */
export const acceptedRequests = (server: TestServer) =>
  metric(server, 'faultline_ingest_requests_total', { status: '200' });

/** Asserts the server's answer is an error in Sentry's shape: the status, `{detail, causes}`, X-Sentry-Error. */
export function assertErrorBody(res: RawResponse, status: number, detail?: RegExp): Record<string, unknown> {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  const body = res.json();
  assert.equal(typeof body.detail, 'string', res.text);
  assert.ok(Array.isArray(body.causes), res.text);
  if (detail) assert.match(String(body.detail), detail);
  assert.equal(res.headers['x-sentry-error'], body.detail);
  return body;
}

/**
 * Runs a hostile request (`attempt` sends it and checks the answer) and then checks what every
 * refusal must leave behind: nothing acknowledged or stored, a valid event sent right after on
 * another connection stored, the process up and within its memory budget.
 */
export async function expectRefusal(t: Target, attempt: () => Promise<void>): Promise<void> {
  await waitForDrain(t.server);
  const before = await storedRows(t.server, t.project.id);
  const acceptedBefore = await acceptedRequests(t.server);
  await attempt();
  await sendProbe(t);
  assert.equal(await acceptedRequests(t.server), acceptedBefore + 1, 'only the probe was acknowledged');
  const after = await storedRows(t.server, t.project.id);
  assert.deepEqual(after, { ...before, events: before.events + 1 }, 'only the probe was stored');
  await assertHealthy(t.server);
}

/** How many times the server has logged a failed request (a 5xx) so far. */
export const failuresLogged = (server: TestServer) =>
  server.output().split('"msg":"request failed"').length - 1;

/** The process answers and its resident memory is within the budget. */
export async function assertHealthy(server: TestServer): Promise<void> {
  const health = await rawRequest(`${server.url}/healthz`, { method: 'GET', timeoutMs: 5000 });
  assert.equal(health.status, 200);
  const rss = await residentBytes(server);
  assert.ok(
    rss > 0 && rss < RSS_BUDGET_BYTES,
    `resident memory ${Math.round(rss / 2 ** 20)} MiB is over budget`,
  );
}

/** A raw HTTP exchange: writes `chunks` (with `gapMs` between them), then reads until close or `waitMs`. */
export function rawExchange(
  port: number,
  chunks: (Buffer | string)[],
  opts: { gapMs?: number; endAfterWrite?: boolean; waitMs?: number } = {},
): Promise<{ text: string; closed: boolean; status: number | undefined }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ text, closed, status: m ? Number(m[1]) : undefined });
    };
    const timer = setTimeout(() => done(false), opts.waitMs ?? 5000);
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        if (opts.gapMs) await sleep(opts.gapMs);
      }
      if (opts.endAfterWrite ?? true) socket.end();
    });
  });
}

/** The JSON body of a raw HTTP response text. */
export function rawJson(text: string): Record<string, unknown> {
  const start = text.indexOf('\r\n\r\n');
  return JSON.parse(text.slice(start + 4)) as Record<string, unknown>;
}

/**
 * A POST whose body is produced chunk by chunk; resolves with the answer as soon as it arrives,
 * even mid-upload (a server refusing a body answers before reading all of it), then stops sending.
 */
export function streamingPost(
  url: string,
  headers: Record<string, string>,
  chunks: Iterable<Buffer>,
  opts: { gapMs?: number; timeoutMs?: number } = {},
): Promise<RawResponse & { sentBytes: number }> {
  return new Promise((resolve, reject) => {
    let sentBytes = 0;
    let answered = false;
    const req = http.request(url, { method: 'POST', headers, agent: false }, (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          json: () => JSON.parse(text) as Record<string, unknown>,
          sentBytes,
        });
        req.destroy();
      });
    });
    req.setTimeout(opts.timeoutMs ?? 20_000, () => req.destroy(new Error('request timed out')));
    req.on('error', (err) => {
      if (!answered) reject(err);
    });
    const iterator = chunks[Symbol.iterator]();
    // With a gap, each chunk waits a moment: a server that answers and closes mid-upload resets
    // the connection once more data arrives, and the answer must have been read before that.
    const pump = (): void => {
      while (!answered && !req.destroyed) {
        const next = iterator.next();
        if (next.done) return void req.end();
        sentBytes += next.value.length;
        const flushed = req.write(next.value);
        if (opts.gapMs) return void setTimeout(pump, opts.gapMs);
        if (!flushed) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

/** A new superuser with an API token carrying `scopes`. */
export async function superuserToken(
  server: TestServer,
  scopes = 'org:read project:read project:write project:admin',
): Promise<{ email: string; password: string; token: string }> {
  const email = `root-${eventId().slice(0, 8)}@example.com`;
  const password = `pw-${eventId()}`;
  await server.cli(['user', 'create', '--email', email, '--password', password, '--superuser']);
  const token = String((await server.cli(['token', 'create', '--email', email, '--scopes', scopes])).token);
  return { email, password, token };
}

/** A JSON request to the web API with a bearer token. */
export function apiRequest(
  server: TestServer,
  method: string,
  path: string,
  token: string,
  body?: unknown,
): Promise<RawResponse> {
  return rawRequest(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    timeoutMs: 10_000,
  });
}

export { eventEnvelope, eventId, rawRequest, sampleEvent, type RawResponse };
