import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { PayloadTooLargeError, ValidationError } from '../lib/errors.js';
import { parseEnvelope, serializeEnvelope, type Envelope } from './envelope.js';

// Property tests for the envelope parser: 40,000 generated bodies in all (the normalizer and the
// stack parsers have their own files, for 100,000 inputs across the three).

const ITEM_TYPES = ['event', 'transaction', 'attachment', 'session', 'client_report', 'log', 'x-unknown'];

const headerValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
);
const headers = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor', 'length', 'type')),
  headerValue,
  { maxKeys: 4 },
);
// Payload bytes of every awkward kind: newlines, CR, NUL, invalid UTF-8, JSON.
const payload = fc.oneof(
  fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
  fc.string({ maxLength: 40 }).map((s) => Buffer.from(s)),
  fc.constantFrom('', '\n', '\r\n', '\0\0', '{"a":1}', '\n\n{}\n').map((s) => Buffer.from(s)),
);
const item = fc.record({
  headers: fc.tuple(fc.constantFrom(...ITEM_TYPES), headers).map(([type, h]) => ({ ...h, type })),
  payload,
});
const envelope = fc.record({
  headers: fc.dictionary(fc.string({ maxLength: 8 }), headerValue, { maxKeys: 3 }),
  items: fc.array(item, { maxLength: 6 }),
});

/** What the parser must never do: throw anything but its typed errors. */
function parseOrTypedError(body: Buffer, opts?: { maxItems?: number }): Envelope | undefined {
  try {
    return parseEnvelope(body, opts);
  } catch (err) {
    if (err instanceof ValidationError) {
      assert.equal(err.code, 'invalid_envelope');
      return undefined;
    }
    if (err instanceof PayloadTooLargeError && opts?.maxItems !== undefined) return undefined;
    throw err;
  }
}

/** Every payload is a view into the body, within its bounds; every item has a string type. */
function assertWellFormed(body: Buffer, env: Envelope): void {
  assert.equal(typeof env.headers, 'object');
  assert.ok(!Array.isArray(env.headers));
  for (const it of env.items) {
    assert.equal(typeof it.headers.type, 'string');
    assert.equal(it.payload.buffer, body.buffer);
    assert.ok(it.payload.byteOffset >= body.byteOffset);
    assert.ok(it.payload.byteOffset + it.payload.length <= body.byteOffset + body.length);
    if (it.headers.length !== undefined) assert.equal(it.payload.length, it.headers.length);
  }
}

describe('parseEnvelope on generated envelopes', () => {
  test('reads back every serialized envelope item for item, byte for byte', () => {
    fc.assert(
      fc.property(envelope, (env) => {
        const body = serializeEnvelope(env);
        const parsed = parseEnvelope(body);
        assertWellFormed(body, parsed);
        assert.deepEqual(parsed.headers, JSON.parse(JSON.stringify(env.headers)));
        assert.equal(parsed.items.length, env.items.length);
        parsed.items.forEach((it, i) => {
          assert.equal(it.headers.type, env.items[i]!.headers.type);
          assert.ok(it.payload.equals(env.items[i]!.payload));
        });
      }),
      { numRuns: 10_000 },
    );
  });

  test('parses or throws ValidationError once an envelope is cut, spliced or corrupted', () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        bytes: fc.constantFrom(
          '\n',
          '\r\n',
          '\0',
          '{',
          '}',
          '"',
          '\\',
          '\xff',
          '{"type":"event","length":99}\n',
        ),
      }),
      fc.record({
        kind: fc.constant('length' as const),
        value: fc.constantFrom('-1', '1.5', '"3"', '1e308', 'null', '[]'),
      }),
    );
    fc.assert(
      fc.property(envelope, fc.array(mutation, { minLength: 1, maxLength: 3 }), (env, mutations) => {
        let body = serializeEnvelope(env);
        for (const m of mutations) {
          const at = body.length === 0 ? 0 : ('at' in m ? m.at : 0) % (body.length + 1);
          if (m.kind === 'cut') body = body.subarray(0, at);
          else if (m.kind === 'flip' && at < body.length) body = Buffer.from(body).fill(m.byte, at, at + 1);
          else if (m.kind === 'insert')
            body = Buffer.concat([body.subarray(0, at), Buffer.from(m.bytes, 'latin1'), body.subarray(at)]);
          else if (m.kind === 'length')
            body = Buffer.from(
              body.toString('latin1').replace(/"length":\d+/, `"length":${m.value}`),
              'latin1',
            );
        }
        const parsed = parseOrTypedError(body);
        if (parsed) assertWellFormed(body, parsed);
      }),
      { numRuns: 20_000 },
    );
  });

  test('parses or throws ValidationError on arbitrary bytes and arbitrary text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
          fc
            .array(
              fc.constantFrom(
                '{}',
                '{"type":"event"}',
                '{"type":"attachment","length":3}',
                'abc',
                '\n',
                '\r\n',
                ' ',
              ),
              {
                maxLength: 12,
              },
            )
            .map((parts) => Buffer.from(parts.join(''))),
        ),
        (body) => {
          const parsed = parseOrTypedError(body);
          if (parsed) assertWellFormed(body, parsed);
        },
      ),
      { numRuns: 5_000 },
    );
  });

  test('never returns more than maxItems items: past them it throws PayloadTooLargeError', () => {
    fc.assert(
      fc.property(envelope, fc.integer({ min: 0, max: 4 }), (env, maxItems) => {
        const body = serializeEnvelope(env);
        const parsed = parseOrTypedError(body, { maxItems });
        if (parsed) assert.ok(parsed.items.length <= maxItems);
        else assert.ok(env.items.length > maxItems);
      }),
      { numRuns: 5_000 },
    );
  });
});
