import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../lib/zip.js';
import { BundleError, normalizeDebugId, readBundle } from './read-bundle.js';

/** A sentry-cli style bundle: the SYSB header, then a zip of deflated entries. */
function bundle(files: Record<string, string>): Buffer {
  const header = Buffer.from([0x53, 0x59, 0x53, 0x42, 2, 0, 0, 0]);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = header.length;
  for (const [name, content] of Object.entries(files)) {
    const n = Buffer.from(name);
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += 30 + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([header, ...locals, cd, end]);
}

const manifest = {
  files: {
    'files/_/_/static/js/app.min.js': {
      type: 'minified_source',
      url: '~/static/js/app.min.js',
      headers: { 'debug-id': '3258382D-A3F9-5F4A-8283-8106344D497F', sourcemap: 'app.min.js.map' },
    },
    'files/_/_/static/js/app.min.js.map': {
      type: 'source_map',
      url: '~/static/js/app.min.js.map',
      headers: { 'Debug-Id': '3258382da3f95f4a82838106344d497f' },
    },
  },
  debug_id: '09865d44-e989-5c5c-9632-6058475fcf5b',
  org: 'o',
  project: 'p',
  release: 'demo@1.0.0',
};

describe('readBundle', () => {
  test("lists the manifest's files with their urls, types, debug ids and sizes", () => {
    const parsed = readBundle(
      bundle({
        'files/_/_/static/js/app.min.js': 'throw new Error("x")',
        'files/_/_/static/js/app.min.js.map': '{"version":3}',
        'manifest.json': JSON.stringify(manifest),
      }),
    );
    assert.equal(parsed.bundleId, '09865d44-e989-5c5c-9632-6058475fcf5b');
    assert.equal(parsed.release, 'demo@1.0.0');
    assert.equal(parsed.dist, null);
    assert.deepEqual(parsed.files, [
      {
        path: 'files/_/_/static/js/app.min.js',
        url: '~/static/js/app.min.js',
        type: 'minified_source',
        debugId: '3258382d-a3f9-5f4a-8283-8106344d497f',
        size: 20,
      },
      {
        path: 'files/_/_/static/js/app.min.js.map',
        url: '~/static/js/app.min.js.map',
        type: 'source_map',
        debugId: '3258382d-a3f9-5f4a-8283-8106344d497f',
        size: 13,
      },
    ]);
  });

  test('gives a bundle without a debug id a random one', () => {
    const parsed = readBundle(bundle({ 'manifest.json': '{"files":{}}' }));
    assert.match(parsed.bundleId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.deepEqual(parsed.files, []);
  });

  test('refuses a bundle without a manifest, with a broken manifest, or that is no zip', () => {
    assert.throws(() => readBundle(bundle({ 'a.js': 'x' })), /no manifest.json/);
    assert.throws(() => readBundle(bundle({ 'manifest.json': '{' })), /not valid JSON/);
    assert.throws(() => readBundle(bundle({ 'manifest.json': '{"files":[1]}' })), /malformed/);
    assert.throws(() => readBundle(Buffer.from('SYSB not a zip at all, really')), BundleError);
  });
});

describe('normalizeDebugId', () => {
  for (const [input, expected] of [
    ['3258382d-a3f9-5f4a-8283-8106344d497f', '3258382d-a3f9-5f4a-8283-8106344d497f'],
    ['3258382DA3F95F4A82838106344D497F', '3258382d-a3f9-5f4a-8283-8106344d497f'],
    ['{3258382d-a3f9-5f4a-8283-8106344d497f}', '3258382d-a3f9-5f4a-8283-8106344d497f'],
    ['3258382da3f95f4a82838106344d497fa', '3258382d-a3f9-5f4a-8283-8106344d497f'],
    ['not-a-debug-id', null],
    [42, null],
  ] as const) {
    test(`normalizes ${String(input)} to ${String(expected)}`, () => {
      assert.equal(normalizeDebugId(input), expected);
    });
  }
});
