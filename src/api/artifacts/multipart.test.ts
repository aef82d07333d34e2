import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ValidationError } from '../../lib/errors.js';
import { multipartBoundary, parseMultipart } from './multipart.js';

const B = '------------------------HYOP6E1EVnZ4bST2Ah8JbD';

function body(parts: { name: string; filename?: string; data: Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="${p.name}"` +
          (p.filename ? `; filename="${p.filename}"` : '') +
          '\r\nContent-Type: application/octet-stream\r\n\r\n',
      ),
      p.data,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

describe('multipartBoundary', () => {
  for (const [contentType, expected] of [
    [`multipart/form-data; boundary=${B}`, B],
    ['multipart/form-data; boundary="a b"', 'a b'],
    ['Multipart/Form-Data;charset=utf-8; boundary=x', 'x'],
    ['application/json', undefined],
    ['multipart/form-data', undefined],
    [undefined, undefined],
  ] as const) {
    test(`reads ${String(expected)} from ${String(contentType)}`, () => {
      assert.equal(multipartBoundary(contentType), expected);
    });
  }
});

describe('parseMultipart', () => {
  test('splits the parts sentry-cli sends, keeping binary data byte for byte', () => {
    const binary = Buffer.from([0x1f, 0x8b, 0x0d, 0x0a, 0x2d, 0x2d, 0x00, 0xff]);
    const parts = parseMultipart(
      body([
        { name: 'file_gzip', filename: 'cbaf75b944e0200c4e9edfd6fd9c7bdc409f5e73', data: binary },
        { name: 'file', filename: 'abc', data: Buffer.from('plain') },
      ]),
      B,
    );
    assert.equal(parts.length, 2);
    assert.equal(parts[0]!.name, 'file_gzip');
    assert.equal(parts[0]!.filename, 'cbaf75b944e0200c4e9edfd6fd9c7bdc409f5e73');
    assert.deepEqual(parts[0]!.data, binary);
    assert.equal(parts[1]!.data.toString(), 'plain');
  });

  test('reads an empty form and an empty part', () => {
    assert.deepEqual(parseMultipart(Buffer.from(`--${B}--\r\n`), B), []);
    const [part] = parseMultipart(body([{ name: 'file', filename: 'e', data: Buffer.alloc(0) }]), B);
    assert.equal(part!.data.length, 0);
  });

  test('refuses a truncated body, a missing boundary and a part without a name', () => {
    const whole = body([{ name: 'file', filename: 'a', data: Buffer.from('x') }]);
    assert.throws(() => parseMultipart(whole.subarray(0, whole.length - 12), B), ValidationError);
    assert.throws(() => parseMultipart(Buffer.from('nothing here'), B), ValidationError);
    const nameless = Buffer.from(`--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--\r\n`);
    assert.throws(() => parseMultipart(nameless, B), /without a name/);
  });
});
