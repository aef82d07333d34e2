import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { crc32, readZipEntries, readZipEntry, ZipError } from './zip.js';

interface Spec {
  name: string;
  data: Buffer;
  method: 0 | 8;
}

/** Writes a zip by hand (local headers, central directory, end record), optionally after a prefix. */
function buildZip(specs: Spec[], opts: { prefix?: Buffer; comment?: string } = {}): Buffer {
  const prefix = opts.prefix ?? Buffer.alloc(0);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = prefix.length;
  for (const s of specs) {
    const name = Buffer.from(s.name, 'utf8');
    const body = s.method === 8 ? deflateRawSync(s.data) : s.data;
    const crc = crc32(s.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(s.method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(s.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(s.method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(s.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const comment = Buffer.from(opts.comment ?? '', 'utf8');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(specs.length, 8);
  end.writeUInt16LE(specs.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return Buffer.concat([prefix, ...locals, cd, end, comment]);
}

const text = (s: string) => Buffer.from(s, 'utf8');

describe('readZipEntries and readZipEntry', () => {
  test('reads a stored entry and a deflated entry from the central directory', () => {
    const js = text('function f(){throw new Error("x")}\n'.repeat(50));
    const zip = buildZip([
      { name: 'manifest.json', data: text('{"files":{}}'), method: 0 },
      { name: 'files/_/_/app.js', data: js, method: 8 },
    ]);
    const entries = readZipEntries(zip);
    assert.deepEqual(
      entries.map((e) => [e.name, e.method, e.size]),
      [
        ['manifest.json', 0, 12],
        ['files/_/_/app.js', 8, js.length],
      ],
    );
    assert.ok(entries[1]!.compressedSize < js.length);
    assert.equal(readZipEntry(zip, entries[0]!).toString(), '{"files":{}}');
    assert.deepEqual(readZipEntry(zip, entries[1]!), js);
  });

  test("finds entries behind prepended data such as sentry-cli's SYSB header", () => {
    const header = Buffer.from([0x53, 0x59, 0x53, 0x42, 2, 0, 0, 0]);
    // Offsets written relative to the zip alone: the reader must shift them by the prefix.
    const alone = buildZip([{ name: 'a.txt', data: text('hello'), method: 8 }]);
    const entries = readZipEntries(Buffer.concat([header, alone]));
    assert.equal(readZipEntry(Buffer.concat([header, alone]), entries[0]!).toString(), 'hello');
    // Offsets written counting the prefix (as sentry-cli does) need no shift.
    const counted = buildZip([{ name: 'a.txt', data: text('hello'), method: 8 }], { prefix: header });
    assert.equal(readZipEntry(counted, readZipEntries(counted)[0]!).toString(), 'hello');
  });

  test('skips an archive comment to find the end record', () => {
    const zip = buildZip([{ name: 'x', data: text('y'), method: 0 }], {
      comment: 'PK\u0005\u0006 not a record',
    });
    assert.equal(readZipEntry(zip, readZipEntries(zip)[0]!).toString(), 'y');
  });

  test('reads names as UTF-8 and an empty archive as no entries', () => {
    const zip = buildZip([{ name: 'files/ü/日本.js', data: text(''), method: 8 }]);
    const [entry] = readZipEntries(zip);
    assert.equal(entry!.name, 'files/ü/日本.js');
    assert.equal(readZipEntry(zip, entry!).length, 0);
    assert.deepEqual(readZipEntries(buildZip([])), []);
  });

  test('refuses what is not a zip, a truncated archive and a corrupted entry', () => {
    assert.throws(() => readZipEntries(text('definitely not a zip archive at all')), ZipError);
    const zip = buildZip([{ name: 'a', data: text('abcdef'.repeat(100)), method: 8 }]);
    assert.throws(() => readZipEntries(zip.subarray(0, zip.length - 5)), ZipError);
    const corrupt = Buffer.from(zip);
    corrupt[40] = corrupt[40]! ^ 0xff;
    assert.throws(() => readZipEntry(corrupt, readZipEntries(corrupt)[0]!), ZipError);
  });

  test('refuses to inflate an entry larger than the limit', () => {
    const zip = buildZip([{ name: 'bomb', data: Buffer.alloc(1_000_000), method: 8 }]);
    assert.throws(() => readZipEntry(zip, readZipEntries(zip)[0]!, 1000), /larger than 1000 bytes/);
  });

  test('computes the CRC-32 zip uses', () => {
    assert.equal(crc32(text('123456789')), 0xcbf43926);
    assert.equal(crc32(new Uint8Array()), 0);
  });
});
