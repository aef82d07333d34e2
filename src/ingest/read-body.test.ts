import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../lib/errors.js';
import { readBody, type ReadBodyOptions } from './read-body.js';

const MiB = 1024 * 1024;
// Pseudo-random hex, so compressed fixtures stay large enough to truncate meaningfully.
const NOISE = Array.from({ length: 6_000 }, (_, i) => ((i * 2654435761) >>> 0).toString(16)).join('');
const BODY = Buffer.from(`{}\n{"type":"event"}\n${JSON.stringify({ message: 'hello', noise: NOISE })}\n`);
const CAPS = { maxWireBytes: 10 * MiB, maxDecodedBytes: 10 * MiB };

/** Splits a buffer into chunks of `size` bytes, as a socket would deliver it. */
function chunked(data: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size)
    chunks.push(data.subarray(offset, offset + size));
  return chunks;
}

function read(chunks: Buffer[], opts: Partial<ReadBodyOptions> = {}): Promise<Buffer> {
  return readBody(Readable.from(chunks), { ...CAPS, ...opts });
}

describe('readBody', () => {
  // `split` delivers the first bytes as one-byte chunks, as a slow client might.
  const roundTrips: {
    name: string;
    encoding: string | undefined;
    wire: Buffer;
    chunkSize?: number;
    split?: number;
  }[] = [
    { name: 'returns an unencoded body as sent', encoding: undefined, wire: BODY },
    { name: 'returns an identity-encoded body as sent', encoding: 'identity', wire: BODY },
    { name: 'decodes gzip', encoding: 'gzip', wire: gzipSync(BODY) },
    { name: 'decodes x-gzip', encoding: 'x-gzip', wire: gzipSync(BODY) },
    { name: 'decodes a coding name in any case', encoding: 'GZip', wire: gzipSync(BODY) },
    { name: 'decodes zlib-wrapped deflate', encoding: 'deflate', wire: deflateSync(BODY) },
    { name: 'decodes raw deflate', encoding: 'deflate', wire: deflateRawSync(BODY) },
    {
      name: 'detects zlib-wrapped deflate when its header is split across chunks',
      encoding: 'deflate',
      wire: deflateSync(BODY),
      split: 1,
    },
    {
      name: 'detects raw deflate when its first bytes arrive one at a time',
      encoding: 'deflate',
      wire: deflateRawSync(BODY),
      split: 1,
    },
    { name: 'decodes brotli', encoding: 'br', wire: brotliCompressSync(BODY) },
    { name: 'decodes gzip delivered in small chunks', encoding: 'gzip', wire: gzipSync(BODY), chunkSize: 7 },
    {
      name: 'undoes stacked codings last to first',
      encoding: 'gzip, br',
      wire: brotliCompressSync(gzipSync(BODY)),
    },
    {
      name: 'undoes deflate applied under gzip',
      encoding: 'deflate,gzip',
      wire: gzipSync(deflateRawSync(BODY)),
    },
    { name: 'skips identity inside a list', encoding: 'identity, gzip', wire: gzipSync(BODY) },
  ];
  for (const { name, encoding, wire, chunkSize = 16 * 1024, split = 0 } of roundTrips) {
    test(name, async () => {
      const chunks = [
        ...chunked(wire.subarray(0, split + 1), 1),
        ...chunked(wire.subarray(split + 1), chunkSize),
      ];
      const decoded = await read(
        split > 0 ? chunks : chunked(wire, chunkSize),
        encoding === undefined ? {} : { contentEncoding: encoding },
      );
      assert.deepEqual(decoded, BODY);
    });
  }

  for (const encoding of [undefined, 'gzip', 'deflate', 'br']) {
    test(`returns an empty body as empty with content-encoding ${encoding ?? 'absent'}`, async () => {
      assert.equal((await read([], encoding === undefined ? {} : { contentEncoding: encoding })).length, 0);
    });
  }

  test('accepts a body exactly at both caps', async () => {
    const decoded = await read(chunked(BODY, 1000), {
      maxWireBytes: BODY.length,
      maxDecodedBytes: BODY.length,
    });
    assert.equal(decoded.length, BODY.length);
  });

  test('refuses a Content-Length over the wire cap without reading the body', async () => {
    let pulled = false;
    const stream = Readable.from(
      (function* () {
        pulled = true;
        yield BODY;
      })(),
    );
    await assert.rejects(readBody(stream, { ...CAPS, contentLength: 11 * MiB }), PayloadTooLargeError);
    assert.equal(pulled, false);
  });

  // Fixtures are built inside each test so that only the test that needs a bomb pays for it.
  const tooLarge: { name: string; chunks: () => Buffer[]; opts: Partial<ReadBodyOptions> }[] = [
    {
      name: 'answers 413 when the wire cap is passed mid-stream without a Content-Length',
      chunks: () => chunked(BODY, 4096),
      opts: { maxWireBytes: 10_000 },
    },
    {
      name: 'answers 413 when the body is longer than its Content-Length claimed and passes the cap',
      chunks: () => chunked(BODY, 4096),
      opts: { maxWireBytes: 10_000, contentLength: 5_000 },
    },
    {
      name: 'answers 413 when the compressed wire bytes pass the wire cap',
      chunks: () => chunked(gzipSync(BODY, { level: 0 }), 4096),
      opts: { contentEncoding: 'gzip', maxWireBytes: 10_000 },
    },
    {
      name: 'answers 413 when an unencoded body passes the decoded cap',
      chunks: () => chunked(BODY, 4096),
      opts: { maxDecodedBytes: 10_000 },
    },
    {
      // 10 000 concatenated gzip members of 1 MiB of zeros: about 10 MB on the wire, 10 GB decoded.
      name: 'answers 413 to a gzip bomb of 10 GB of zeros',
      chunks: () => new Array<Buffer>(10_000).fill(gzipSync(Buffer.alloc(MiB), { level: 9 })),
      opts: { contentEncoding: 'gzip', maxWireBytes: 20 * MiB, maxDecodedBytes: MiB },
    },
    {
      name: 'answers 413 to a gzip bomb of 100 MB of zeros sent as one chunk',
      chunks: () => [gzipSync(Buffer.alloc(100 * MiB), { level: 1 })],
      opts: { contentEncoding: 'gzip', maxDecodedBytes: MiB },
    },
    {
      name: 'answers 413 to a deflate bomb',
      chunks: () => chunked(deflateSync(Buffer.alloc(64 * MiB), { level: 1 }), 16 * 1024),
      opts: { contentEncoding: 'deflate', maxDecodedBytes: MiB },
    },
    {
      name: 'answers 413 to a raw deflate bomb',
      chunks: () => chunked(deflateRawSync(Buffer.alloc(64 * MiB), { level: 1 }), 16 * 1024),
      opts: { contentEncoding: 'deflate', maxDecodedBytes: MiB },
    },
    {
      name: 'answers 413 to a brotli bomb',
      chunks: () => [
        brotliCompressSync(Buffer.alloc(256 * MiB), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } }),
      ],
      opts: { contentEncoding: 'br', maxDecodedBytes: MiB },
    },
    {
      name: 'answers 413 to a bomb hidden under a second coding',
      chunks: () => [gzipSync(gzipSync(Buffer.alloc(64 * MiB), { level: 1 }))],
      opts: { contentEncoding: 'gzip, gzip', maxDecodedBytes: MiB },
    },
  ];
  for (const { name, chunks, opts } of tooLarge) {
    test(name, async () => {
      await assert.rejects(read(chunks(), opts), PayloadTooLargeError);
    });
  }

  const corrupt: { name: string; encoding: string; wire: Buffer }[] = [
    { name: 'answers 400 to a body that is not gzip at all', encoding: 'gzip', wire: BODY },
    { name: 'answers 400 to a truncated gzip body', encoding: 'gzip', wire: gzipSync(BODY).subarray(0, 500) },
    {
      name: 'answers 400 to gzip with a corrupted checksum',
      encoding: 'gzip',
      wire: (() => {
        const wire = Buffer.from(gzipSync(BODY));
        wire[wire.length - 6] = (wire[wire.length - 6] ?? 0) ^ 0xff;
        return wire;
      })(),
    },
    {
      name: 'answers 400 to a body that is not deflate',
      encoding: 'deflate',
      wire: Buffer.from([0xff, 0xff, 0xff, 0xff]),
    },
    {
      name: 'answers 400 to a truncated zlib body',
      encoding: 'deflate',
      wire: deflateSync(BODY).subarray(0, 300),
    },
    { name: 'answers 400 to a body that is not brotli', encoding: 'br', wire: BODY },
    {
      name: 'answers 400 when the outer of two codings decodes to garbage',
      encoding: 'gzip, br',
      wire: brotliCompressSync(BODY),
    },
  ];
  for (const { name, encoding, wire } of corrupt) {
    test(name, async () => {
      await assert.rejects(
        read(chunked(wire, 1000), { contentEncoding: encoding }),
        (error: unknown) => error instanceof ValidationError && error.message === 'invalid compressed body',
      );
    });
  }

  for (const encoding of ['zstd', 'compress', 'gzip, lzma']) {
    test(`answers 415 to the content-encoding "${encoding}"`, async () => {
      await assert.rejects(read([BODY], { contentEncoding: encoding }), UnsupportedMediaTypeError);
    });
  }

  test('passes on an error from the source stream', async () => {
    const failure = new Error('client went away');
    const stream = new Readable({
      read() {
        this.destroy(failure);
      },
    });
    await assert.rejects(readBody(stream, { ...CAPS, contentEncoding: 'gzip' }), failure);
  });

  test('leaves a refused source paused and survives its later errors', async () => {
    const stream = new Readable({ read() {} });
    const pending = readBody(stream, { ...CAPS, maxWireBytes: 10 });
    stream.push(Buffer.alloc(20));
    await assert.rejects(pending, PayloadTooLargeError);
    assert.equal(stream.isPaused(), true);
    assert.equal(stream.destroyed, false);
    stream.destroy(new Error('late'));
    await new Promise((resolve) => setImmediate(resolve));
  });
});
