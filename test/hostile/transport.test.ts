import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import zlib from 'node:zlib';
import {
  assertErrorBody,
  assertHealthy,
  eventEnvelope,
  expectRefusal,
  failuresLogged,
  metric,
  rawExchange,
  rawJson,
  rawRequest,
  residentBytes,
  RSS_BUDGET_BYTES,
  sampleEvent,
  sendProbe,
  sleep,
  startTarget,
  streamingPost,
  type Target,
} from './helpers.js';

const MiB = 1024 * 1024;

describe('hostile transport and compression', { timeout: 180_000 }, () => {
  let t: Target;
  const path = () => `/api/${t.project.id}/envelope/?sentry_key=${t.project.publicKey}`;
  const storePath = () => `/api/${t.project.id}/store/?sentry_key=${t.project.publicKey}`;

  before(async () => {
    t = await startTarget();
  });
  after(async () => t.server.cleanup());

  test('cuts off a slowloris body that trickles past the request timeout, with a 408', async () => {
    // Its own server, with the timeout (FAULTLINE_REQUEST_TIMEOUT_MS) short enough for a test.
    const slow = await startTarget({ FAULTLINE_REQUEST_TIMEOUT_MS: '2000' }, 'slowloris');
    try {
      await expectRefusal(slow, async () => {
        const body = eventEnvelope(sampleEvent());
        const started = Date.now();
        const res = await rawExchange(
          slow.server.port,
          [
            `POST /api/${slow.project.id}/envelope/?sentry_key=${slow.project.publicKey} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`,
            ...[...body.subarray(0, 200)].map((b) => Buffer.from([b])),
          ],
          { gapMs: 50, endAfterWrite: false, waitMs: 8000 },
        );
        assert.ok(res.closed, 'the trickling connection was cut off');
        assert.ok(Date.now() - started < 7000, 'cut off within the timeout and a check interval');
        assert.equal(res.status, 408, res.text);
        const json = rawJson(res.text) as { detail?: unknown };
        assert.match(String(json.detail), /timed out/);
      });
    } finally {
      await slow.server.cleanup();
    }
  });

  test('keeps serving other clients while a body trickles in one byte at a time', async () => {
    const body = eventEnvelope(sampleEvent());
    const trickle = rawExchange(
      t.server.port,
      [
        `POST ${path()} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n`,
        ...[...body.subarray(0, 40)].map((b) => Buffer.from([b])),
      ],
      { gapMs: 50, endAfterWrite: false, waitMs: 2500 },
    );
    const started = Date.now();
    await sendProbe(t);
    assert.ok(Date.now() - started < 3000, 'the probe waited for the trickling client');
    const res = await trickle;
    assert.equal(res.status, undefined, 'a half-sent body is never answered as accepted');
    await assertHealthy(t.server);
  });

  test('answers 400 to a Content-Length shorter than the body and stores nothing', async () => {
    await expectRefusal(t, async () => {
      const body = JSON.stringify(sampleEvent());
      const res = await rawExchange(t.server.port, [
        `POST ${storePath()} HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n${body}`,
      ]);
      assert.equal(res.status, 400, res.text);
      assert.equal(typeof rawJson(res.text), 'object');
    });
  });

  test('drops a body shorter than its Content-Length when the client gives up, without a 5xx', async () => {
    const failures = failuresLogged(t.server);
    const errors = await metric(t.server, 'faultline_ingest_requests_total', { status: '500' });
    await expectRefusal(t, async () => {
      const body = eventEnvelope(sampleEvent());
      // First a half-close (FIN), then an abrupt close of a second connection.
      for (const endAfterWrite of [true, false]) {
        const res = await rawExchange(
          t.server.port,
          [`POST ${path()} HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length + 500}\r\n\r\n`, body],
          { endAfterWrite, waitMs: 600 },
        );
        if (res.status !== undefined) assert.equal(res.status, 400, res.text);
      }
      await sleep(200);
    });
    assert.equal(failuresLogged(t.server), failures, 'a client hanging up is logged as a server failure');
    assert.equal(await metric(t.server, 'faultline_ingest_requests_total', { status: '500' }), errors);
  });

  test('answers 413 as soon as a chunked store body passes the 200 KiB wire cap', async () => {
    await expectRefusal(t, async () => {
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const res = await streamingPost(
        t.storeUrl(),
        { 'transfer-encoding': 'chunked' },
        Array.from({ length: 200 }, () => chunk),
        { gapMs: 5 },
      );
      assertErrorBody(res, 413, /exceeds/);
      assert.ok(res.sentBytes < 200 * 16 * 1024, `the whole ${res.sentBytes} bytes were read first`);
    });
  });

  test('answers 413 as soon as a chunked envelope passes the 20 MiB wire cap, within the memory budget', async () => {
    await expectRefusal(t, async () => {
      const chunk = Buffer.alloc(MiB, 0x41);
      const started = Date.now();
      const res = await streamingPost(
        t.envelopeUrl(),
        { 'transfer-encoding': 'chunked' },
        (function* () {
          yield Buffer.from('{}\n{"type":"attachment"}\n');
          for (let i = 0; i < 40; i++) yield chunk;
        })(),
        { gapMs: 5 },
      );
      assertErrorBody(res, 413, /exceeds 20971520 bytes/);
      assert.ok(res.sentBytes < 40 * MiB);
      assert.ok(Date.now() - started < 10_000);
      assert.ok((await residentBytes(t.server)) < RSS_BUDGET_BYTES);
    });
  });

  const bombs: [string, string, (b: Buffer) => Buffer][] = [
    ['deflate', 'deflate', (b) => zlib.deflateSync(b, { level: 9 })],
    ['raw deflate', 'deflate', (b) => zlib.deflateRawSync(b, { level: 9 })],
    [
      'brotli',
      'br',
      (b) => zlib.brotliCompressSync(b, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }),
    ],
    ['gzip inside gzip', 'gzip, gzip', (b) => zlib.gzipSync(zlib.gzipSync(b, { level: 9 }), { level: 9 })],
  ];
  for (const [name, encoding, compress] of bombs) {
    test(`answers 413 to a ${name} bomb that inflates past 100 MiB, quickly`, async () => {
      const bomb = compress(
        Buffer.concat([Buffer.from('{}\n{"type":"attachment"}\n'), Buffer.alloc(200 * MiB)]),
      );
      await expectRefusal(t, async () => {
        const started = Date.now();
        const res = await rawRequest(t.envelopeUrl(), {
          headers: { 'content-encoding': encoding },
          body: bomb,
        });
        assertErrorBody(res, 413, /decoded body exceeds/);
        assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      });
    });
  }

  test('answers 413 to a base64 zlib bomb on the legacy store endpoint', async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(50 * MiB, 0x20), { level: 9 }).toString('base64');
    assert.ok(bomb.length < 200 * 1024);
    await expectRefusal(t, async () => {
      assertErrorBody(await rawRequest(t.storeUrl(), { body: bomb }), 413, /inflates past/);
    });
  });

  test('undoes stacked encodings listed in the order they were applied', async () => {
    for (const [encoding, compress] of [
      ['gzip, br', (b: Buffer) => zlib.brotliCompressSync(zlib.gzipSync(b))],
      ['deflate, identity, gzip', (b: Buffer) => zlib.gzipSync(zlib.deflateSync(b))],
    ] as const) {
      const ev = sampleEvent();
      const res = await rawRequest(t.envelopeUrl(), {
        headers: { 'content-encoding': encoding },
        body: compress(eventEnvelope(ev)),
      });
      assert.equal(res.status, 200, `${encoding}: ${res.text}`);
      await t.server.waitForEvent(t.project.id, String(ev.event_id));
    }
  });

  test('answers 400 to stacked encodings listed in the wrong order', async () => {
    await expectRefusal(t, async () => {
      const res = await rawRequest(t.envelopeUrl(), {
        headers: { 'content-encoding': 'br, gzip' },
        body: zlib.brotliCompressSync(zlib.gzipSync(eventEnvelope(sampleEvent()))),
      });
      assertErrorBody(res, 400, /invalid compressed body/);
    });
  });

  test('answers 415 to more than five stacked encodings, without holding memory for each', async () => {
    const before = await residentBytes(t.server);
    await expectRefusal(t, async () => {
      const encoding = Array.from({ length: 2000 }, () => 'gzip').join(',');
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          rawRequest(t.envelopeUrl(), { headers: { 'content-encoding': encoding }, body: 'x' }),
        ),
      );
      for (const res of answers) assertErrorBody(res, 415, /stacked content-encodings/);
    });
    const grown = (await residentBytes(t.server)) - before;
    assert.ok(grown < 64 * MiB, `resident memory grew by ${Math.round(grown / MiB)} MiB`);
  });

  const corrupt: [string, string, () => Buffer][] = [
    [
      'a gzip stream with flipped bytes',
      'gzip',
      () => {
        const gz = zlib.gzipSync(eventEnvelope(sampleEvent(undefined, { extra: { pad: 'y'.repeat(5000) } })));
        for (let i = 20; i < gz.length - 10; i += 7) gz[i] = gz[i]! ^ 0x5a;
        return gz;
      },
    ],
    [
      'a truncated brotli stream',
      'br',
      () => zlib.brotliCompressSync(eventEnvelope(sampleEvent())).subarray(0, 40),
    ],
    [
      'a gzip stream with a bad checksum',
      'gzip',
      () => {
        const gz = zlib.gzipSync(eventEnvelope(sampleEvent()));
        gz[gz.length - 6] = gz[gz.length - 6]! ^ 0xff;
        return gz;
      },
    ],
    ['plain text labelled deflate', 'deflate', () => eventEnvelope(sampleEvent())],
  ];
  for (const [name, encoding, body] of corrupt) {
    test(`answers 400 to ${name}`, async () => {
      await expectRefusal(t, async () => {
        const res = await rawRequest(t.envelopeUrl(), {
          headers: { 'content-encoding': encoding },
          body: body(),
        });
        assertErrorBody(res, 400, /invalid compressed body/);
      });
    });
  }

  test('answers 415 to an unknown content encoding', async () => {
    await expectRefusal(t, async () => {
      const res = await rawRequest(t.envelopeUrl(), {
        headers: { 'content-encoding': 'zstd' },
        body: eventEnvelope(sampleEvent()),
      });
      assertErrorBody(res, 415, /unsupported content-encoding "zstd"/);
    });
  });

  const badFraming: [string, string][] = [
    ['a chunk size that is not hex', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['a chunk size past 2^64', 'fffffffffffffffffff\r\nabc\r\n0\r\n\r\n'],
    ['a chunk longer than its size line says', '3\r\nabcdef\r\n0\r\n\r\n'],
  ];
  for (const [name, chunks] of badFraming) {
    test(`answers 400 to chunked encoding with ${name}`, async () => {
      await expectRefusal(t, async () => {
        const res = await rawExchange(t.server.port, [
          `POST ${path()} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`,
        ]);
        assert.equal(res.status, 400, res.text);
        assert.equal(typeof rawJson(res.text), 'object');
      });
    });
  }

  test('answers 400 to both Content-Length and Transfer-Encoding (request smuggling)', async () => {
    await expectRefusal(t, async () => {
      const body = eventEnvelope(sampleEvent()).toString();
      const res = await rawExchange(t.server.port, [
        `POST ${path()} HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
      ]);
      assert.equal(res.status, 400, res.text);
    });
  });
});
