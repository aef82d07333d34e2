import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backend } from '../helpers/server.js';
import {
  apiRequest,
  assertErrorBody,
  assertHealthy,
  eventEnvelope,
  eventId,
  expectRefusal,
  metric,
  rawRequest,
  sampleEvent,
  sendProbe,
  startTarget,
  storageOf,
  superuserToken,
  type Target,
} from './helpers.js';

const MiB = 1024 * 1024;

/** `depth` nested arrays around a value, as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;

/** An envelope whose event item is the JSON text `event` (not re-serialized, so it can be hostile). */
const rawEventEnvelope = (id: string, event: string | Buffer) =>
  Buffer.concat([
    Buffer.from(`{"event_id":"${id}"}\n{"type":"event"}\n`),
    Buffer.from(event),
    Buffer.from('\n'),
  ]);

describe('hostile event content', { timeout: 180_000 }, () => {
  let t: Target;
  let token: string;

  before(async () => {
    t = await startTarget();
    token = (await superuserToken(t.server, 'org:read project:read project:write event:read')).token;
  });
  after(async () => t.server.cleanup());

  const refuseEvent = (body: Buffer | string, status: number, detail: RegExp) =>
    expectRefusal(t, async () => {
      assertErrorBody(await rawRequest(t.envelopeUrl(), { body }), status, detail);
    });

  test('answers 400 to an event nested 129 levels deep and stores one nested 128 levels', async () => {
    const id = eventId();
    await refuseEvent(
      rawEventEnvelope(id, `{"message":"deep","extra":{"x":${nested(127)}}}`),
      400,
      /deeper than 128 levels/,
    );
    const ok = eventId();
    const res = await rawRequest(t.envelopeUrl(), {
      body: rawEventEnvelope(ok, `{"message":"deep","extra":{"x":${nested(126)}}}`),
    });
    assert.equal(res.status, 200, res.text);
    await t.server.waitForEvent(t.project.id, ok);
  });

  test('answers 400 to a store body nested 129 levels deep', async () => {
    await expectRefusal(t, async () => {
      const res = await rawRequest(t.storeUrl(), { body: `{"extra":{"x":${nested(127)}}}` });
      assertErrorBody(res, 400, /deeper than 128 levels/);
    });
  });

  test('answers 400 to an event nested 10,000 levels deep, at once', async () => {
    const started = Date.now();
    await refuseEvent(
      rawEventEnvelope(eventId(), `{"extra":${nested(10_000)}}`),
      400,
      /deeper than 128 levels/,
    );
    assert.ok(Date.now() - started < 5000);
    await expectRefusal(t, async () => {
      const res = await rawRequest(t.storeUrl(), {
        body: `{"extra":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
      });
      assertErrorBody(res, 400, /deeper than 128 levels/);
    });
  });

  test('answers 400 to an event that is not valid UTF-8, on both endpoints', async () => {
    const bad = Buffer.concat([Buffer.from('{"message":"caf'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);
    await refuseEvent(rawEventEnvelope(eventId(), bad), 400, /not valid UTF-8/);
    await expectRefusal(t, async () => {
      assertErrorBody(await rawRequest(t.storeUrl(), { body: bad }), 400, /not valid UTF-8/);
    });
  });

  test('stores NUL characters and lone surrogates as U+FFFD and reads them back, on this backend', async () => {
    const ev = sampleEvent(undefined, {
      message: 'nul \u0000 and lone \ud800 here',
      release: 'shop@\u00001',
      environment: 'prod\udc00',
      tags: { 'k\u0000ey': 'v\u0000al', ok: '\ud83d\ude00' },
      extra: { 'nul\u0000key': 'a\u0000b', pair: '\ud83d\ude00 stays' },
      exception: { values: [{ type: 'Nul\u0000Error', value: 'bad \u0000 \udfff value' }] },
    });
    const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, String(ev.event_id));
    assert.equal(stored.title, 'Nul\ufffdError: bad \ufffd \ufffd value');
    assert.equal(stored.release, 'shop@\ufffd1');
    assert.equal(stored.environment, 'prod\ufffd');
    assert.equal(stored.data.message, 'nul \ufffd and lone \ufffd here');
    assert.deepEqual(stored.data.extra, { 'nul\ufffdkey': 'a\ufffdb', pair: '\ud83d\ude00 stays' });
    assert.deepEqual(stored.data.tags, [
      ['k\ufffdey', 'v\ufffdal'],
      ['ok', '\ud83d\ude00'],
    ]);
    assert.equal(await metric(t.server, 'faultline_intake_parked'), 0, `parked on ${backend}`);
  });

  test('keeps __proto__ and constructor keys as plain data', async () => {
    const id = eventId();
    const json =
      `{"event_id":"${id}","message":"proto","__proto__":{"platform":"polluted"},` +
      `"extra":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}},` +
      `"tags":{"__proto__":"p","constructor":"c"},"user":{"__proto__":{"id":"x"}},` +
      `"contexts":{"constructor":{"name":"ctx"}}}`;
    const res = await rawRequest(t.envelopeUrl(), { body: rawEventEnvelope(id, json) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, id);
    assert.equal(stored.platform, 'other');
    const extra = stored.data.extra as Record<string, unknown>;
    assert.deepEqual(Object.getOwnPropertyDescriptor(extra, '__proto__')?.value, { isAdmin: true });
    assert.deepEqual(extra.constructor, { prototype: { isAdmin: true } });
    assert.deepEqual(stored.data.tags, [
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    // A later ordinary event is untouched by what the hostile one carried.
    const probe = await t.server.waitForEvent(t.project.id, await sendProbe(t));
    assert.equal(probe.platform, 'node');
    assert.equal((probe.data as { isAdmin?: unknown }).isAdmin, undefined);
  });

  test('stores huge and infinite numbers without losing the event, and serves it on the API', async () => {
    const id = eventId();
    const json =
      `{"event_id":"${id}","message":"numbers","timestamp":1e300,"level":1e400,` +
      `"extra":{"big":123456789012345678901234567890,"inf":1e400,"tiny":1e-400},` +
      `"exception":{"values":[{"type":"E","value":"v","stacktrace":{"frames":[{"function":"f","lineno":1e400,"colno":99999999999999999999}]}}]}}`;
    const before = Date.now() / 1000;
    const res = await rawRequest(t.envelopeUrl(), { body: rawEventEnvelope(id, json) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, id);
    assert.ok(
      stored.timestamp >= before - 5 && stored.timestamp <= Date.now() / 1000 + 5,
      `timestamp ${stored.timestamp}`,
    );
    assert.equal(stored.level, 'fatal');
    assert.deepEqual(stored.data.extra, { big: 1.2345678901234568e29, inf: null, tiny: 0 });
    const api = await apiRequest(
      t.server,
      'GET',
      `/api/0/projects/${t.project.organization}/${t.project.slug}/events/${id}/`,
      token,
    );
    assert.equal(api.status, 200, api.text);
  });

  test('answers 413 to a 200,000-key event at once, without stalling a concurrent request', async () => {
    const keys = Array.from({ length: 200_000 }, (_, i) => `"k${i.toString(36)}":0`).join(',');
    const body = rawEventEnvelope(eventId(), `{"message":"wide","extra":{${keys}}}`);
    const started = Date.now();
    const [wide, probe] = await Promise.all([
      rawRequest(t.envelopeUrl(), { body }),
      (async () => {
        const at = Date.now();
        await sendProbe(t);
        return Date.now() - at;
      })(),
    ]);
    assertErrorBody(wide, 413, /exceeds 1048576 bytes/);
    assert.ok(Date.now() - started < 5000);
    assert.ok(probe < 4000, `a concurrent event took ${probe} ms`);
    await expectRefusal(t, async () => {
      assertErrorBody(await rawRequest(t.envelopeUrl(), { body }), 413, /exceeds 1048576 bytes/);
    });
  });

  test('stores a 1 MiB event of 90,000 keys while answering other clients within a few seconds', async () => {
    const id = eventId();
    const keys = Array.from({ length: 90_000 }, (_, i) => `"k${i.toString(36)}":${i % 10}`).join(',');
    const json = `{"event_id":"${id}","message":"wide","extra":{${keys}}}`;
    assert.ok(json.length < MiB);
    const res = await rawRequest(t.envelopeUrl(), { body: rawEventEnvelope(id, json) });
    assert.equal(res.status, 200, res.text);
    // While the digest works on it, other clients are still answered.
    let slowest = 0;
    for (let i = 0; i < 5; i++) {
      const at = Date.now();
      await sendProbe(t);
      slowest = Math.max(slowest, Date.now() - at);
    }
    const stored = await t.server.waitForEvent(t.project.id, id, 20_000);
    assert.equal(Object.keys(stored.data.extra as object).length, 90_000);
    assert.ok(slowest < 6000, `an event sent meanwhile took ${slowest} ms`);
    await assertHealthy(t.server);
  });

  test('trims 10,000 frames, 10,000 breadcrumbs and 500 tags, recording each cut in _meta.trimmed', async () => {
    // Short frames: all of it must fit in the 1 MiB an event may take.
    const frames = Array.from({ length: 10_000 }, (_, i) => ({ function: `f${i}`, lineno: i + 1 }));
    const ev = sampleEvent(undefined, {
      exception: {
        values: [{ type: 'RangeError', value: 'Maximum call stack size exceeded', stacktrace: { frames } }],
      },
      threads: { values: [{ id: 1, crashed: true, stacktrace: { frames: frames.slice(0, 5000) } }] },
      breadcrumbs: { values: Array.from({ length: 10_000 }, (_, i) => ({ message: `c${i}` })) },
      tags: Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`tag${i}`, `v${i}`])),
    });
    const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, String(ev.event_id));
    const data = stored.data as {
      exception: { values: { stacktrace: { frames: { function: string }[] } }[] };
      threads: { values: { stacktrace: { frames: unknown[] } }[] };
      breadcrumbs: { values: { message: string }[] };
      tags: [string, string][];
      _meta: { trimmed: { field: string; original: number; kept: number }[] };
    };
    const kept = data.exception.values[0]!.stacktrace.frames;
    assert.equal(kept.length, 250);
    assert.equal(kept[0]!.function, 'f0');
    assert.equal(kept.at(-1)!.function, 'f9999');
    assert.equal(data.threads.values[0]!.stacktrace.frames.length, 250);
    assert.equal(data.breadcrumbs.values.length, 100);
    assert.equal(data.breadcrumbs.values.at(-1)!.message, 'c9999');
    assert.equal(data.tags.length, 100);
    assert.deepEqual(
      data._meta.trimmed
        .filter((r) => !r.field.startsWith('tags.'))
        .sort((a, b) => a.field.localeCompare(b.field)),
      [
        { field: 'breadcrumbs', original: 10_000, kept: 100 },
        { field: 'exception.0.stacktrace.frames', original: 10_000, kept: 250 },
        { field: 'tags', original: 500, kept: 100 },
        { field: 'threads.0.stacktrace.frames', original: 5000, kept: 250 },
      ],
    );
  });

  test('trims a 10,000-frame stack on a message event that has no exception', async () => {
    const ev = sampleEvent(undefined, {
      exception: undefined,
      message: 'a message with a stack',
      stacktrace: {
        frames: Array.from({ length: 10_000 }, (_, i) => ({ function: `g${i}`, filename: 'a.py' })),
      },
    });
    const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, String(ev.event_id));
    assert.equal((stored.data.stacktrace as { frames: unknown[] }).frames.length, 250);
    assert.deepEqual((stored.data._meta as { trimmed: unknown[] }).trimmed, [
      { field: 'stacktrace.frames', original: 10_000, kept: 250 },
    ]);
  });

  test('stores events whose fields have hostile types instead of retrying and parking them', async () => {
    const id = eventId();
    const json =
      `{"event_id":"${id}","release":{"toString":0},"environment":["prod"],"server_name":{"valueOf":1},` +
      `"user":{"id":{"toString":1},"email":7},"_meta":"𐀀","threads":5,"logentry":{"formatted":{"x":1}},` +
      `"exception":{"values":[null,7,{"type":{"a":1},"value":{"toString":0},"stacktrace":{"frames":[null,1,"x",{"filename":{},"lineno":"12","in_app":"yes","vars":[1]}]}}]}}`;
    const res = await rawRequest(t.envelopeUrl(), { body: rawEventEnvelope(id, json) });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, id);
    assert.equal(stored.release, null);
    assert.equal(stored.environment, null);
    const frames = (
      stored.data.exception as { values: { stacktrace: { frames: Record<string, unknown>[] } }[] }
    ).values[0]!.stacktrace.frames;
    assert.equal(frames.length, 1);
    assert.equal(frames[0]!.lineno, 12);
    assert.equal(frames[0]!.filename, undefined);
    assert.equal(await metric(t.server, 'faultline_intake_parked'), 0);
  });

  test('acknowledges an event item that is not JSON, then drops it with an invalid outcome, once', async () => {
    const id = eventId();
    const res = await rawRequest(t.envelopeUrl(), { body: rawEventEnvelope(id, '{"message": "cut off') });
    assert.equal(res.status, 200, res.text);
    await sendProbe(t);
    const { db } = storageOf(t.server);
    const outcome = await db
      .selectFrom('outcomes')
      .select((eb) => eb.fn.sum<number>('quantity').as('n'))
      .where('project_id', '=', Number(t.project.id))
      .where('outcome', '=', 'invalid')
      .where('reason', '=', 'invalid_json')
      .executeTakeFirst();
    assert.equal(Number(outcome?.n), 1);
    assert.equal(await metric(t.server, 'faultline_intake_parked'), 0);
    assert.equal(await metric(t.server, 'faultline_intake_pending'), 0);
  });
});
