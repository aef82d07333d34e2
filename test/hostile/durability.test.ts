import assert from 'node:assert/strict';
import http from 'node:http';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { backend } from '../helpers/server.js';
import {
  assertErrorBody,
  eventEnvelope,
  eventId,
  metric,
  rawRequest,
  sampleEvent,
  residentBytes,
  RSS_BUDGET_BYTES,
  sendProbe,
  sleep,
  startTarget,
  storageOf,
  storedRows,
  waitForDrain,
  type Target,
} from './helpers.js';

const PG_ADMIN_URL = process.env.FAULTLINE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Runs one statement on the PostgreSQL cluster as the admin. */
async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Starts a POST and sends only the first `sent` bytes of `body`; `finish` sends the rest. */
function halfSentRequest(url: string, body: Buffer, sent: number) {
  const req = http.request(url, {
    method: 'POST',
    agent: false,
    headers: { 'content-length': String(body.length) },
  });
  const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
  req.setTimeout(20_000, () => req.destroy(new Error('request timed out')));
  req.write(body.subarray(0, sent));
  return { answer, finish: () => req.end(body.subarray(sent)), abort: () => req.destroy() };
}

describe('durability and faults', { timeout: 240_000 }, () => {
  let t: Target;

  before(async () => {
    t = await startTarget();
  });
  after(async () => t.server.cleanup());

  test('keeps no trace of a request cut off by kill -9 mid-body, and starts clean', async () => {
    await waitForDrain(t.server);
    const before = await storedRows(t.server, t.project.id);
    const ev = sampleEvent(undefined, { extra: { pad: 'x'.repeat(200_000) } });
    const body = eventEnvelope(ev);
    const half = halfSentRequest(t.envelopeUrl(), body, Math.floor(body.length / 2));
    half.answer.catch(() => undefined);
    await sleep(300);
    await t.server.kill('SIGKILL');
    half.abort();
    await t.server.restart();
    await sendProbe(t);
    assert.deepEqual(await storedRows(t.server, t.project.id), { ...before, events: before.events + 1 });
    assert.equal(await metric(t.server, 'faultline_intake_pending'), 0);
  });

  test('retries a record whose digest fails, parks it with its error, and never blocks the events behind it', async () => {
    const { db } = storageOf(t.server);
    // A trigger makes storing this one event fail, as a bug or a bad row would, on either backend.
    if (backend === 'postgres') {
      await sql
        .raw(
          `CREATE FUNCTION hostile_poison() RETURNS trigger AS $$ BEGIN
             IF NEW.title LIKE '%poison-pill%' THEN RAISE EXCEPTION 'poison pill refused by a trigger'; END IF;
             RETURN NEW; END $$ LANGUAGE plpgsql`,
        )
        .execute(db);
      await sql
        .raw(
          'CREATE TRIGGER hostile_poison BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION hostile_poison()',
        )
        .execute(db);
    } else {
      await sql
        .raw(
          `CREATE TRIGGER hostile_poison BEFORE INSERT ON events WHEN NEW.title LIKE '%poison-pill%'
           BEGIN SELECT RAISE(ABORT, 'poison pill refused by a trigger'); END`,
        )
        .execute(db);
    }
    const poison = sampleEvent(undefined, {
      exception: { values: [{ type: 'Error', value: 'poison-pill' }] },
    });
    assert.equal((await rawRequest(t.envelopeUrl(), { body: eventEnvelope(poison) })).status, 200);
    const later = [sampleEvent(), sampleEvent(), sampleEvent()];
    for (const ev of later)
      assert.equal((await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) })).status, 200);
    for (const ev of later) await t.server.waitForEvent(t.project.id, String(ev.event_id), 10_000);

    // Retries back off for 2, 4, 8, 16 s; make each one due at once instead of waiting a minute.
    const spool = new SqliteDatabase(path.join(t.server.dataDir, 'intake.sqlite'));
    spool.pragma('busy_timeout = 5000');
    try {
      const row = () =>
        spool
          .prepare('SELECT attempts, last_error, parked_at FROM intake WHERE event_id = ?')
          .get(poison.event_id) as
          { attempts: number; last_error: string | null; parked_at: number | null } | undefined;
      const deadline = Date.now() + 30_000;
      let seenRetry = false;
      while (row()?.parked_at == null) {
        assert.ok(Date.now() < deadline, `not parked: ${JSON.stringify(row())}`);
        if ((row()?.attempts ?? 0) >= 1) seenRetry = true;
        spool.prepare('UPDATE intake SET available_at = 0 WHERE parked_at IS NULL AND attempts > 0').run();
        await sleep(200);
      }
      assert.ok(seenRetry);
      const parked = row()!;
      assert.equal(parked.attempts, 5);
      assert.match(String(parked.last_error), /poison pill refused by a trigger/);
    } finally {
      spool.close();
    }
    assert.equal(await metric(t.server, 'faultline_intake_parked'), 1);
    assert.equal(await metric(t.server, 'faultline_intake_pending'), 0);
    assert.match(t.server.output(), /"fate":"parked".*"digest failed"|"digest failed".*"fate":"parked"/);
    assert.equal(
      (
        await storageOf(t.server)
          .db.selectFrom('events')
          .select('id')
          .where('event_id', '=', String(poison.event_id))
          .execute()
      ).length,
      0,
    );
    await sendProbe(t);
    await sql.raw('DROP TRIGGER hostile_poison' + (backend === 'postgres' ? ' ON events' : '')).execute(db);
  });

  test('lets in-flight requests finish on SIGTERM, refuses new connections, and exits', async () => {
    const ev = sampleEvent();
    const body = eventEnvelope(ev);
    const inFlight = halfSentRequest(t.envelopeUrl(), body, 100);
    await sleep(300);
    const exited = t.server.kill('SIGTERM');
    await sleep(300);
    const late = await rawRequest(t.envelopeUrl(), {
      body: eventEnvelope(sampleEvent()),
      timeoutMs: 3000,
    }).then(
      (res) => res.status,
      (err: NodeJS.ErrnoException) => err.code,
    );
    assert.ok(late === 'ECONNREFUSED' || late === 'ECONNRESET' || late === 503, `a new request got ${late}`);
    inFlight.finish();
    const answer = await inFlight.answer;
    assert.equal(answer.status, 200, answer.text);
    await exited;
    assert.match(t.server.output(), /SIGTERM: draining and stopping/);
    await t.server.restart();
    await t.server.waitForEvent(t.project.id, String(ev.event_id));
  });

  test(
    'keeps answering 200 from the spool while PostgreSQL is unreachable, and stores everything once, after',
    { skip: backend !== 'postgres' && 'PostgreSQL only: an embedded SQLite database cannot go away' },
    async () => {
      await sendProbe(t); // the key is now known to ingest
      const parked = await metric(t.server, 'faultline_intake_parked');
      const dbName = new URL(String(t.server.env.DATABASE_URL)).pathname.slice(1);
      await pgAdmin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
      await pgAdmin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${dbName}'`);
      const ids: string[] = [];
      try {
        const ready = await rawRequest(`${t.server.url}/readyz`, { method: 'GET' });
        assert.equal(ready.status, 503, ready.text);
        for (let i = 0; i < 20; i++) {
          const ev = sampleEvent();
          ids.push(String(ev.event_id));
          // Every other event is sent twice, as an SDK retrying after a timeout would.
          for (let n = 0; n < (i % 2 === 0 ? 2 : 1); n++) {
            const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) });
            assert.equal(res.status, 200, res.text);
          }
        }
        const unknown = await rawRequest(
          `${t.server.url}/api/${t.project.id}/envelope/?sentry_key=${eventId()}`,
          {
            body: eventEnvelope(sampleEvent()),
          },
        );
        assertErrorBody(unknown, 503, /cannot verify the key/);
        assert.ok(unknown.headers['retry-after']);
        await sleep(1500);
        assert.equal(await metric(t.server, 'faultline_intake_pending'), 30);
        assert.equal(await metric(t.server, 'faultline_intake_parked'), parked, 'an outage parked records');
      } finally {
        await pgAdmin(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
      }
      await waitForDrain(t.server, 30_000);
      for (const id of ids) await t.server.waitForEvent(t.project.id, id);
      const rows = await storageOf(t.server)
        .db.selectFrom('events')
        .select(['event_id'])
        .where('project_id', '=', Number(t.project.id))
        .where('event_id', 'in', ids)
        .execute();
      assert.equal(rows.length, ids.length, 'each event stored exactly once');
      assert.equal(await metric(t.server, 'faultline_intake_parked'), parked);
    },
  );
});

describe('spool backlog cap', { timeout: 120_000 }, () => {
  let t: Target;

  before(async () => {
    t = await startTarget({ FAULTLINE_WORKER: 'off', FAULTLINE_MAX_BACKLOG: '5' });
  });
  after(async () => t.server.cleanup());

  test('answers 503 with Retry-After once the backlog is over its cap, and accepts again once drained', async () => {
    const acked: string[] = [];
    for (let i = 0; i < 6; i++) {
      const ev = sampleEvent();
      const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) });
      assert.equal(res.status, 200, res.text);
      acked.push(String(ev.event_id));
    }
    for (const url of [t.envelopeUrl(), t.storeUrl()]) {
      const res = await rawRequest(url, {
        body: url.includes('/store/') ? JSON.stringify(sampleEvent()) : eventEnvelope(sampleEvent()),
      });
      assertErrorBody(res, 503, /too much data is waiting/);
      assert.equal(res.headers['retry-after'], '30');
    }
    assert.equal(await metric(t.server, 'faultline_intake_pending'), 6);
    // The worker comes back (here: a restart with it on); the backlog drains and ingest accepts again.
    t.server.env.FAULTLINE_WORKER = 'on';
    await t.server.restart();
    await waitForDrain(t.server);
    for (const id of acked) await t.server.waitForEvent(t.project.id, id);
    await sendProbe(t);
    assert.equal((await storedRows(t.server, t.project.id)).events, acked.length + 1);
  });
});

describe('a backlog of large envelopes', { timeout: 180_000 }, () => {
  let t: Target;

  before(async () => {
    t = await startTarget({ FAULTLINE_WORKER: 'off' });
  });
  after(async () => t.server.cleanup());

  test('is digested within the memory budget, a few records at a time', async (ctx) => {
    // 24 envelopes of 6 MiB attachments wait in the spool: 144 MiB of bodies.
    const ids: string[] = [];
    const attachment = Buffer.alloc(6 * 1024 * 1024, 0x61);
    for (let i = 0; i < 24; i++) {
      const ev = sampleEvent();
      ids.push(String(ev.event_id));
      const body = eventEnvelope(ev, [
        { headers: { type: 'attachment', filename: 'dump.bin' }, payload: attachment },
      ]);
      const res = await rawRequest(t.envelopeUrl(), { body, timeoutMs: 30_000 });
      assert.equal(res.status, 200, res.text);
    }
    t.server.env.FAULTLINE_WORKER = 'on';
    await t.server.restart();
    let peak = 0;
    const deadline = Date.now() + 120_000;
    while ((await metric(t.server, 'faultline_intake_pending')) > 0) {
      assert.ok(Date.now() < deadline, 'the backlog did not drain');
      peak = Math.max(peak, await residentBytes(t.server));
      await sleep(100);
    }
    peak = Math.max(peak, await residentBytes(t.server));
    for (const id of ids) await t.server.waitForEvent(t.project.id, id);
    ctx.diagnostic(`resident memory peaked at ${Math.round(peak / 2 ** 20)} MiB`);
    assert.ok(peak < RSS_BUDGET_BYTES, `resident memory peaked at ${Math.round(peak / 2 ** 20)} MiB`);
  });
});
