import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import { listAttachments } from '../../src/storage/events.js';
import {
  assertErrorBody,
  eventEnvelope,
  expectRefusal,
  rawRequest,
  residentBytes,
  RSS_BUDGET_BYTES,
  sampleEvent,
  startTarget,
  storageOf,
  type Target,
} from './helpers.js';

const MiB = 1024 * 1024;

describe('hostile envelope framing', { timeout: 180_000 }, () => {
  let t: Target;
  const event = () => sampleEvent();
  const header = (ev: Record<string, unknown>) => JSON.stringify({ event_id: ev.event_id });

  before(async () => {
    t = await startTarget();
  });
  after(async () => t.server.cleanup());

  /** Sends `body` to the envelope endpoint and expects a refusal with `status` and `detail`. */
  const refuse = (
    body: Buffer | string,
    status: number,
    detail: RegExp,
    headers: Record<string, string> = {},
  ) =>
    expectRefusal(t, async () => {
      assertErrorBody(await rawRequest(t.envelopeUrl(), { body, headers }), status, detail);
    });

  const malformed: [string, () => string, RegExp][] = [
    [
      'an envelope header cut off mid-JSON',
      () => '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc\n{"type":"event"}\n{}\n',
      /envelope header is not valid JSON/,
    ],
    ['an item header that is not JSON', () => `{}\n{type: event}\n{}\n`, /item header is not valid JSON/],
    ['an item header that is a JSON array', () => `{}\n["event"]\n{}\n`, /item header is not a JSON object/],
    ['an item header without a type', () => `{}\n{"length":2}\n{}\n`, /without a string "type"/],
    ['an item type that is not a string', () => `{}\n{"type":7}\n{}\n`, /without a string "type"/],
    [
      'an envelope header that is a bare string',
      () => `"dsn"\n{"type":"event"}\n{}\n`,
      /envelope header is not a JSON object/,
    ],
  ];
  for (const [name, body, detail] of malformed) {
    test(`answers 400 to ${name}`, () => refuse(body(), 400, detail));
  }

  test('answers 400 to an item length one byte past the end of the body', async () => {
    const ev = event();
    const payload = JSON.stringify(ev);
    await refuse(
      `${header(ev)}\n{"type":"event","length":${Buffer.byteLength(payload) + 1}}\n${payload}`,
      400,
      /runs past the end/,
    );
  });

  for (const length of ['-1', '1.5', '"12"', '1e21', 'true']) {
    test(`answers 400 to the item length ${length}`, () =>
      refuse(`{}\n{"type":"attachment","length":${length}}\nabcdefghijkl\n`, 400, /invalid item length/));
  }

  test('answers 400 to an item length not followed by a newline', async () => {
    const ev = event();
    const payload = JSON.stringify(ev);
    const body = `${header(ev)}\n{"type":"event","length":${Buffer.byteLength(payload) - 1}}\n${payload}\n`;
    await refuse(body, 400, /not followed by a newline/);
  });

  test('answers 400 to envelope and item header lines over 8 KiB, and accepts one of exactly 8 KiB', async () => {
    const pad = (json: string, size: number) =>
      `${json.slice(0, -1)},"pad":"${'p'.repeat(size - json.length - 9)}"}`;
    const ev = event();
    await refuse(
      `${pad(header(ev), 8193)}\n{"type":"event"}\n${JSON.stringify(ev)}\n`,
      400,
      /envelope header exceeds 8192 bytes/,
    );
    await refuse(
      `${header(ev)}\n${pad('{"type":"event"}', 8193)}\n${JSON.stringify(ev)}\n`,
      400,
      /item header exceeds 8192 bytes/,
    );
    const exact = `${pad(header(ev), 8192)}\n${pad('{"type":"event"}', 8192)}\n${JSON.stringify(ev)}\n`;
    assert.equal(exact.split('\n')[0]!.length, 8192);
    const res = await rawRequest(t.envelopeUrl(), { body: exact });
    assert.equal(res.status, 200, res.text);
    await t.server.waitForEvent(t.project.id, String(ev.event_id));
  });

  const attachments = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      headers: { type: 'attachment', filename: `f${i}.txt`, content_type: 'text/plain' },
      payload: `attachment ${i}\n`,
    }));

  test('answers 413 to 31 attachments and stores all 30 of an envelope at the limit', async () => {
    await refuse(eventEnvelope(event(), attachments(31)), 413, /too many attachments: at most 30/);
    const ev = event();
    const res = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev, attachments(30)) });
    assert.equal(res.status, 200, res.text);
    await t.server.waitForEvent(t.project.id, String(ev.event_id));
    const stored = await listAttachments(storageOf(t.server).db, Number(t.project.id), String(ev.event_id));
    assert.equal(stored.length, 30);
  });

  test('answers 413 to 10,000 empty items, at once', async () => {
    const body = `{}\n${'{"type":"session","length":0}\n\n'.repeat(10_000)}`;
    const started = Date.now();
    await refuse(body, 413, /more than 1000 items/);
    assert.ok(Date.now() - started < 5000);
  });

  test('answers 413 to 1.6 million empty items compressed into a small body, within the memory budget', async () => {
    // Parsed whole, each item would cost a header object and a view: hundreds of MiB.
    const line = Buffer.from('{"type":"x"}\n');
    const body = zlib.gzipSync(Buffer.concat([Buffer.from('{}\n'), Buffer.alloc(20 * MiB, line)]), {
      level: 9,
    });
    assert.ok(body.length < MiB);
    await refuse(body, 413, /more than 1000 items/, { 'content-encoding': 'gzip' });
    assert.ok((await residentBytes(t.server)) < RSS_BUDGET_BYTES);
  });

  test('answers 400 to an envelope carrying two events', async () => {
    const a = event();
    await refuse(
      eventEnvelope(a, [{ headers: { type: 'event' }, payload: JSON.stringify(event()) }]),
      400,
      /more than one event item/,
    );
  });

  test('answers 413 to an event item over 1 MiB', async () => {
    const ev = sampleEvent(undefined, { extra: { blob: 'z'.repeat(MiB) } });
    await refuse(eventEnvelope(ev), 413, /event item exceeds 1048576 bytes/);
  });

  test('answers 400 to NUL bytes in the envelope header and to a NUL in an attachment name', async () => {
    const ev = event();
    await refuse(
      `{"event_id":"${ev.event_id}"}\0\n{"type":"event"}\n${JSON.stringify(ev)}\n`,
      400,
      /not valid JSON/,
    );
    await refuse(
      eventEnvelope(ev, [{ headers: { type: 'attachment', filename: 'a\u0000.txt' }, payload: 'x' }]),
      400,
      /NUL character/,
    );
  });

  test('stores an attachment full of NUL bytes, CR, LF and invalid UTF-8 byte for byte', async () => {
    const ev = event();
    const payload = Buffer.from([0, 0, 13, 10, 0xff, 0xfe, 10, 0, 0x80, 13]);
    const res = await rawRequest(t.envelopeUrl(), {
      body: eventEnvelope(ev, [{ headers: { type: 'attachment', filename: 'core.bin' }, payload }]),
    });
    assert.equal(res.status, 200, res.text);
    await t.server.waitForEvent(t.project.id, String(ev.event_id));
    const [stored] = await listAttachments(storageOf(t.server).db, Number(t.project.id), String(ev.event_id));
    assert.ok(stored?.data.equals(payload));
  });

  test('accepts an envelope written with CRLF line ends when no item gives a length', async () => {
    const ev = event();
    const body = `${header(ev)}\r\n{"type":"event"}\r\n${JSON.stringify(ev)}\r\n\r\n`;
    const res = await rawRequest(t.envelopeUrl(), { body });
    assert.equal(res.status, 200, res.text);
    const stored = await t.server.waitForEvent(t.project.id, String(ev.event_id));
    assert.equal(stored.title, "TypeError: Cannot read properties of undefined (reading 'total')");
  });

  test('answers 400 to CRLF after a length-delimited item, as Relay does', async () => {
    const ev = event();
    const payload = JSON.stringify(ev);
    await refuse(
      `${header(ev)}\r\n{"type":"event","length":${Buffer.byteLength(payload)}}\r\n${payload}\r\n`,
      400,
      /not followed by a newline/,
    );
  });
});
