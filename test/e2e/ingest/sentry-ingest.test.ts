import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { listAttachments } from '../../../src/storage/events.js';
import { eventEnvelope, eventId, rawRequest, sampleEvent } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

describe('Sentry ingest over real HTTP', () => {
  let server: TestServer;
  let project: ProjectInfo;
  let other: ProjectInfo;
  const envelopeUrl = (p = project, query = `?sentry_key=${p.publicKey}&sentry_version=7`) =>
    `${server.url}/api/${p.id}/envelope/${query}`;
  const storeUrl = (p = project) => `${server.url}/api/${p.id}/store/?sentry_key=${p.publicKey}`;

  before(async () => {
    server = await startServer();
    project = await server.createProject('shop');
    other = await server.createProject('other');
  });
  after(async () => server.cleanup());

  test('stores an envelope sent with the key in the query string and answers its id', async () => {
    const ev = sampleEvent();
    const res = await rawRequest(envelopeUrl(), { body: eventEnvelope(ev) });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), { id: ev.event_id });
    const stored = await server.waitForEvent(project.id, String(ev.event_id));
    assert.equal(stored.title, "TypeError: Cannot read properties of undefined (reading 'total')");
    const frames = (
      stored.data.exception as {
        values: { stacktrace: { frames: { function: string; lineno: number }[] } }[];
      }
    ).values[0]!.stacktrace.frames;
    assert.equal(frames[1]!.function, 'computeTotal');
    assert.equal(frames[1]!.lineno, 42);
  });

  for (const [name, headers] of [
    [
      'X-Sentry-Auth',
      (p: ProjectInfo) => ({
        'x-sentry-auth': `Sentry sentry_version=7, sentry_key=${p.publicKey}, sentry_client=test/1.0`,
      }),
    ],
    [
      'Authorization: Sentry',
      (p: ProjectInfo) => ({ authorization: `Sentry sentry_key=${p.publicKey}, sentry_version=7` }),
    ],
    [
      'protocol v4 with secret and timestamp',
      (p: ProjectInfo) => ({
        'x-sentry-auth': `Sentry sentry_version=4, sentry_key=${p.publicKey}, sentry_secret=abc, sentry_timestamp=1700000000.1`,
      }),
    ],
  ] as const) {
    test(`accepts auth by ${name}`, async () => {
      const ev = sampleEvent();
      const res = await rawRequest(`${server.url}/api/${project.id}/envelope`, {
        headers: headers(project),
        body: eventEnvelope(ev),
      });
      assert.equal(res.status, 200, res.text);
      await server.waitForEvent(project.id, String(ev.event_id));
    });
  }

  test('accepts auth from the envelope header dsn alone', async () => {
    const ev = sampleEvent();
    const body = Buffer.concat([
      Buffer.from(JSON.stringify({ event_id: ev.event_id, dsn: project.dsn }) + '\n'),
      Buffer.from(eventEnvelope(ev).toString('utf8').split('\n').slice(1).join('\n')),
    ]);
    const res = await rawRequest(`${server.url}/api/${project.id}/envelope/`, { body });
    assert.equal(res.status, 200, res.text);
    await server.waitForEvent(project.id, String(ev.event_id));
  });

  test('answers 401 with a JSON body when no key is given', async () => {
    const res = await rawRequest(`${server.url}/api/${project.id}/envelope/`, {
      body: eventEnvelope(sampleEvent()),
    });
    assert.equal(res.status, 401);
    assert.match(String(res.json().detail), /auth/);
    assert.ok(Array.isArray(res.json().causes));
  });

  test('answers the same 403 for an unknown key, an unknown project and another project’s key', async () => {
    const body = eventEnvelope(sampleEvent());
    const unknownKey = await rawRequest(
      `${server.url}/api/${project.id}/envelope/?sentry_key=${'0'.repeat(32)}`,
      { body },
    );
    const unknownProject = await rawRequest(
      `${server.url}/api/999999/envelope/?sentry_key=${project.publicKey}`,
      { body },
    );
    const otherKey = await rawRequest(
      `${server.url}/api/${project.id}/envelope/?sentry_key=${other.publicKey}`,
      { body },
    );
    for (const res of [unknownKey, unknownProject, otherKey]) {
      assert.equal(res.status, 403);
      assert.deepEqual(res.json(), unknownKey.json());
    }
  });

  test('rejects sentry_version above 7 and two different keys in one request', async () => {
    const body = eventEnvelope(sampleEvent());
    const v8 = await rawRequest(
      `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}&sentry_version=8`,
      { body },
    );
    assert.equal(v8.status, 400);
    const two = await rawRequest(
      `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}`,
      {
        headers: { 'x-sentry-auth': `Sentry sentry_key=${other.publicKey}, sentry_version=7` },
        body,
      },
    );
    assert.equal(two.status, 400);
    assert.match(String(two.json().detail), /multiple|different|conflict/i);
  });

  test('rejects an envelope dsn that contradicts the request key', async () => {
    const ev = sampleEvent();
    const body = Buffer.from(
      `${JSON.stringify({ event_id: ev.event_id, dsn: other.dsn })}\n{"type":"event"}\n${JSON.stringify(ev)}\n`,
    );
    const res = await rawRequest(envelopeUrl(), { body });
    assert.equal(res.status, 403);
  });

  for (const [encoding, compress] of [
    ['gzip', (b: Buffer) => zlib.gzipSync(b)],
    ['deflate', (b: Buffer) => zlib.deflateSync(b)],
    ['deflate (raw)', (b: Buffer) => zlib.deflateRawSync(b)],
    ['br', (b: Buffer) => zlib.brotliCompressSync(b)],
  ] as const) {
    test(`decodes a ${encoding} body`, async () => {
      const ev = sampleEvent();
      const res = await rawRequest(envelopeUrl(), {
        headers: { 'content-encoding': encoding.split(' ')[0]! },
        body: compress(eventEnvelope(ev)),
      });
      assert.equal(res.status, 200, res.text);
      await server.waitForEvent(project.id, String(ev.event_id));
    });
  }

  test('accepts any content type, chunked transfer, and no trailing slash', async () => {
    for (const contentType of [
      'text/plain;charset=UTF-8',
      'application/x-sentry-envelope',
      'application/json',
      'application/octet-stream',
    ]) {
      const ev = sampleEvent();
      const body = eventEnvelope(ev);
      const half = Math.floor(body.length / 2);
      const res = await rawRequest(
        `${server.url}/api/${project.id}/envelope?sentry_key=${project.publicKey}`,
        {
          headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' },
          body: [body.subarray(0, half), body.subarray(half)],
        },
      );
      assert.equal(res.status, 200, `${contentType}: ${res.text}`);
      await server.waitForEvent(project.id, String(ev.event_id));
    }
  });

  test('answers a CORS preflight and sets the allow headers on the response', async () => {
    const pre = await rawRequest(envelopeUrl(), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.ok(pre.status === 200 || pre.status === 204);
    assert.equal(pre.headers['access-control-allow-origin'], 'http://app.example');
    assert.match(String(pre.headers['access-control-allow-headers']), /x-sentry-auth/);
    const res = await rawRequest(envelopeUrl(), {
      headers: { origin: 'http://app.example' },
      body: eventEnvelope(sampleEvent()),
    });
    assert.equal(res.headers['access-control-allow-origin'], 'http://app.example');
  });

  test('keeps an attachment and links it to its event; unknown item types are skipped', async () => {
    const ev = sampleEvent();
    const body = eventEnvelope(ev, [
      {
        headers: { type: 'attachment', filename: 'log.txt', content_type: 'text/plain' },
        payload: 'line 1\nline 2\n',
      },
      { headers: { type: 'something_new_in_2030' }, payload: '{"x":1}' },
      { headers: { type: 'client_report' }, payload: '{"discarded_events":[]}' },
    ]);
    const res = await rawRequest(envelopeUrl(), { body });
    assert.equal(res.status, 200, res.text);
    await server.waitForEvent(project.id, String(ev.event_id));
    const storage = server.storage();
    const attachments = await listAttachments(storage.db, Number(project.id), String(ev.event_id));
    assert.equal(attachments.length, 1);
    assert.equal(attachments[0]!.name, 'log.txt');
    assert.equal(attachments[0]!.data.toString(), 'line 1\nline 2\n');
  });

  test('answers {} to an envelope without an event and keeps its session item', async () => {
    const body = Buffer.from(
      `{}\n{"type":"session"}\n${JSON.stringify({ sid: '7d8fdc58-0c4b-4a1c-9a44-2a25b2a1c001', status: 'ok', init: true, started: new Date().toISOString(), attrs: { release: 'shop@1.2.3' } })}\n`,
    );
    const res = await rawRequest(envelopeUrl(), { body });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json(), {});
    const header = await rawRequest(envelopeUrl(), { body: '{}\n' });
    assert.equal(header.status, 200);
  });

  test('answers 400 with a JSON body to a malformed envelope', async () => {
    for (const body of [
      'not json\n',
      '{"event_id":"zzz"}\n{"type":"event"}\n{}\n',
      '{}\n{"type":"event","length":500}\n{}\n',
    ]) {
      const res = await rawRequest(envelopeUrl(), { body });
      assert.equal(res.status, 400, body);
      assert.equal(typeof res.json().detail, 'string');
    }
  });

  test('stores a store-endpoint event with a hyphenated id, and answers 400 to invalid JSON', async () => {
    const id = eventId();
    const hyphenated = `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}`;
    const res = await rawRequest(storeUrl(), {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(sampleEvent(hyphenated)),
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { id });
    await server.waitForEvent(project.id, id);
    const bad = await rawRequest(storeUrl(), { body: '{"event_id": ' });
    assert.equal(bad.status, 400);
  });

  test('answers 413 to a store body over 1 MiB after decompression, and to a gzip bomb', async () => {
    const big = JSON.stringify(sampleEvent(eventId(), { extra: { blob: 'x'.repeat(1_100_000) } }));
    const res = await rawRequest(storeUrl(), {
      headers: { 'content-encoding': 'gzip' },
      body: zlib.gzipSync(big),
    });
    assert.equal(res.status, 413);
    const bomb = zlib.gzipSync(Buffer.alloc(200 * 1024 * 1024));
    const started = Date.now();
    const bombRes = await rawRequest(envelopeUrl(), { headers: { 'content-encoding': 'gzip' }, body: bomb });
    assert.equal(bombRes.status, 413);
    assert.ok(Date.now() - started < 10_000);
  });

  test('refuses a Content-Length over the cap before reading the body', async () => {
    const res = await rawRequest(envelopeUrl(), {
      headers: { 'content-length': String(25 * 1024 * 1024) },
      body: Buffer.alloc(1024),
      timeoutMs: 5000,
    }).catch((err: Error) => err);
    if (res instanceof Error) assert.fail(`expected a 413 answer, got ${res.message}`);
    assert.equal(res.status, 413);
  });

  test('answers /healthz and /readyz', async () => {
    assert.equal((await rawRequest(`${server.url}/healthz`, { method: 'GET' })).status, 200);
    const ready = await rawRequest(`${server.url}/readyz`, { method: 'GET' });
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ok', database: true, intake: true });
  });
});
