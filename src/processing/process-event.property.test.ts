import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { ValidationError } from '../lib/errors.js';
import { DropError } from './drop-reason.js';
import { isJsonTextSafe, normalizeEvent } from './normalize.js';
import { processEvent, type ProcessContext } from './process-event.js';
import { TRIM_LIMITS } from './trim.js';

// Property tests: events as a hostile or broken SDK could send them, parsed from JSON text exactly
// as the digest parses them. Run counts add up to 30,000 inputs; the envelope parser and the stack
// parsers have their own files, for 100,000 in all.

/** A JSON value kept as text, so keys such as `__proto__` reach JSON.parse as they would on the wire. */
type Json = { text: string };

const json = (text: string): Json => ({ text });
const objectOf = (pairs: [string, Json][]): Json =>
  json(`{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${v.text}`).join(',')}}`);
const arrayOf = (items: Json[]): Json => json(`[${items.map((i) => i.text).join(',')}]`);

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const HOSTILE_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\ufeff',
  '{{ default }}',
  '{{auto}}',
  'password=hunter2',
  'Bearer abcdefghijklmnop',
  '4111 1111 1111 1111',
  'node_modules/x/index.js',
  '\n\n\n',
  ' '.repeat(300),
];

const key = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_KEYS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
// Numbers as JSON text, including what JSON.parse turns into Infinity or imprecise doubles.
const numberText = fc.oneof(
  fc.integer().map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
  fc.constantFrom('1e400', '-1e400', '123456789012345678901234567890', '-0', '1e-400', '9007199254740993'),
);
const scalar: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(json('null')),
  fc.boolean().map((b) => json(String(b))),
  numberText.map(json),
  text.map((s) => json(JSON.stringify(s))),
);

/** Any JSON value, at most `depth` levels deep. */
function anyJson(depth: number): fc.Arbitrary<Json> {
  if (depth <= 0) return scalar;
  const inner = anyJson(depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 4 }).map(arrayOf) },
    { weight: 1, arbitrary: fc.array(fc.tuple(key, inner), { maxLength: 4 }).map(objectOf) },
  );
}
const junk = anyJson(1);

/** An object with a few of its known fields (each maybe replaced by junk) and maybe a stray key. */
function shaped(fields: Record<string, fc.Arbitrary<Json>>, maxFields = 4): fc.Arbitrary<Json> {
  const names = Object.keys(fields);
  const field = (name: string) =>
    fc
      .oneof({ weight: 6, arbitrary: fields[name]! }, { weight: 1, arbitrary: junk })
      .map((v): [string, Json] => [name, v]);
  return fc
    .tuple(
      fc.uniqueArray(fc.constantFrom(...names), { maxLength: Math.min(maxFields, names.length) }),
      fc.option(fc.tuple(key, junk), { freq: 4 }),
    )
    .chain(([chosen, stray]) =>
      fc.tuple(...chosen.map(field)).map((known) => objectOf(stray ? [...known, stray] : known)),
    );
}
const listOf = (arb: fc.Arbitrary<Json>, maxLength = 4) =>
  fc
    .oneof(
      { weight: 4, arbitrary: fc.array(arb, { maxLength }) },
      { weight: 1, arbitrary: fc.array(junk, { maxLength: 3 }) },
    )
    .map(arrayOf);
const str = text.map((s) => json(JSON.stringify(s)));
// Past the message and value limits, for the trimming step; rare, since it is the costly case.
const longStr = fc.oneof(
  { weight: 30, arbitrary: str },
  {
    weight: 1,
    arbitrary: fc.constantFrom('é'.repeat(9000), 'x'.repeat(8193)).map((s) => json(JSON.stringify(s))),
  },
);
const num = numberText.map(json);

const frame = shaped({
  filename: str,
  abs_path: str,
  module: str,
  package: str,
  function: str,
  raw_function: str,
  lineno: num,
  colno: num,
  in_app: fc.boolean().map((b) => json(String(b))),
  platform: fc
    .constantFrom('node', 'javascript', 'java', 'python', 'cocoa', 'go', 'csharp', 'native')
    .map((p) => json(JSON.stringify(p))),
  context_line: str,
  pre_context: listOf(str),
  vars: fc
    .array(fc.tuple(fc.oneof(key, fc.constantFrom('password', 'token', 'card')), junk), { maxLength: 3 })
    .map(objectOf),
  instruction_addr: str,
});
const stacktrace = shaped({ frames: listOf(frame, 6), registers: junk });
const stackText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Error: boom',
        '    at f (/app/x.js:1:2)',
        '    at async Promise.all (index 0)',
        'java.lang.IllegalStateException: bad',
        '\tat com.acme.A.b(A.java:12)',
        'Traceback (most recent call last):',
        '  File "x.py", line 3, in <module>',
        'goroutine 1 [running]:',
        'main.main()',
        '\t/app/main.go:12 +0x1d',
      ),
      text,
    ),
    { maxLength: 8 },
  )
  .map((lines) => json(JSON.stringify(lines.join('\n'))));
const exception = shaped({
  type: str,
  value: fc.oneof(longStr, junk),
  module: str,
  stacktrace: fc.oneof({ weight: 3, arbitrary: stacktrace }, { weight: 1, arbitrary: stackText }),
  raw_stack: stackText,
  mechanism: shaped({
    type: str,
    handled: fc.boolean().map((b) => json(String(b))),
    exception_id: num,
    parent_id: num,
  }),
  thread_id: fc.oneof(num, str),
});
const exceptions = fc.oneof(shaped({ values: listOf(exception, 3) }), listOf(exception, 3), exception);
const breadcrumb = shaped({
  timestamp: fc.oneof(num, str),
  type: str,
  category: str,
  level: str,
  message: str,
  data: junk,
});
const tags = fc.oneof(
  fc.array(fc.tuple(key, fc.oneof(str, junk)), { maxLength: 5 }).map(objectOf),
  listOf(fc.tuple(str, fc.oneof(str, junk)).map(([k, v]) => arrayOf([k, v]))),
);
const timestamp = fc.oneof(
  num,
  fc
    .constantFrom(
      '2024-01-02T03:04:05Z',
      '2024-01-02T03:04:05',
      '1700000000.5',
      'yesterday',
      '',
      '+275760-09-13T00:00:00Z',
    )
    .map((s) => json(JSON.stringify(s))),
);
const level = fc.oneof(
  fc
    .constantFrom('fatal', 'critical', 'warn', 'WARNING', 'log', 'trace', 'nonsense')
    .map((s) => json(JSON.stringify(s))),
  num,
);

const event: fc.Arbitrary<Json> = shaped(
  {
    event_id: str,
    timestamp,
    platform: fc.oneof(
      fc
        .constantFrom('node', 'javascript', 'java', 'python', 'cocoa', 'go', 'csharp', 'other')
        .map((p) => json(JSON.stringify(p))),
      str,
    ),
    level,
    logger: str,
    transaction: str,
    server_name: str,
    release: fc.oneof(str, num),
    dist: str,
    environment: str,
    message: fc.oneof(longStr, shaped({ message: str, formatted: longStr, params: junk })),
    logentry: shaped({ message: str, formatted: str, params: junk }),
    exception: exceptions,
    'sentry.interfaces.Exception': exceptions,
    'sentry.interfaces.Message': shaped({ message: str, params: junk }),
    stacktrace: fc.oneof(stacktrace, stackText),
    threads: shaped({
      values: listOf(
        shaped({ id: num, crashed: fc.boolean().map((b) => json(String(b))), current: junk, stacktrace }),
      ),
    }),
    breadcrumbs: fc.oneof(shaped({ values: listOf(breadcrumb) }), listOf(breadcrumb)),
    tags,
    extra: fc.array(fc.tuple(key, junk), { maxLength: 4 }).map(objectOf),
    contexts: fc
      .array(fc.tuple(key, fc.oneof(junk, shaped({ type: str, name: str, version: str }))), { maxLength: 3 })
      .map(objectOf),
    user: shaped({
      id: fc.oneof(str, num),
      email: str,
      username: str,
      ip_address: fc.oneof(str, fc.constant(json('"{{auto}}"'))),
    }),
    request: shaped({
      url: str,
      method: str,
      query_string: junk,
      headers: junk,
      cookies: junk,
      data: junk,
      env: shaped({ REMOTE_ADDR: str }),
    }),
    sdk: shaped({ name: str, version: str, integrations: listOf(str) }),
    fingerprint: listOf(fc.oneof(str, fc.constant(json('"{{ default }}"')))),
    modules: junk,
    culprit: longStr,
    type: fc.oneof(
      fc.constantFrom('error', 'transaction', 'default').map((s) => json(JSON.stringify(s))),
      str,
    ),
    _meta: junk,
  },
  8,
);

const context = fc.record({
  eventId: fc.constant('a'.repeat(32)),
  receivedAt: fc.constant(1_700_000_000),
  sentAt: fc.option(fc.oneof(fc.constant(1_700_000_000), fc.integer({ min: 0, max: 2_000_000_000 })), {
    nil: undefined,
  }),
});
const processContext: fc.Arbitrary<ProcessContext> = fc
  .tuple(
    context,
    fc.constantFrom<ProcessContext['scrub']>(
      false,
      {},
      { sensitiveFields: ['user'], safeFields: ['password'], storeIpAddresses: true },
    ),
    fc.constantFrom<ProcessContext['inApp']>(undefined, {
      inAppInclude: ['/app'],
      inAppExclude: ['node_modules'],
    }),
  )
  .map(([ctx, scrub, inApp]) => ({ ...ctx, scrub, ...(inApp ? { inApp } : {}) }));

/** Fails unless `err` is one of the typed errors processing may raise. */
function assertTyped(err: unknown): void {
  if (err instanceof DropError || err instanceof ValidationError) return;
  throw err;
}

/** Every string and key in a value, iteratively (results can be deep). */
function eachString(value: unknown, fn: (s: string) => void): void {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') fn(v);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        fn(k);
        stack.push(child);
      }
    }
  }
}

// eslint-disable-next-line no-control-regex -- U+0000 is what storage must never receive
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).join(',');

describe('normalizeEvent on generated events', () => {
  test('returns an event with the fields later steps trust, or throws a DropError', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(event, context, (raw, ctx) => {
        let out;
        try {
          out = normalizeEvent(JSON.parse(raw.text), ctx);
        } catch (err) {
          return assertTyped(err);
        }
        assert.equal(out.event_id, ctx.eventId);
        assert.ok(Number.isFinite(out.timestamp), `timestamp ${out.timestamp}`);
        assert.ok(Math.abs(out.timestamp) <= 8.64e12, `timestamp ${out.timestamp} is not a date`);
        assert.equal(typeof out.platform, 'string');
        assert.ok(['fatal', 'error', 'warning', 'info', 'debug'].includes(out.level));
        assert.ok(Array.isArray(out.tags));
        for (const pair of out.tags) assert.ok(typeof pair[0] === 'string' && typeof pair[1] === 'string');
        for (const ex of out.exception?.values ?? []) {
          assert.equal(typeof ex, 'object');
          if (ex.value !== undefined) assert.equal(typeof ex.value, 'string');
        }
        for (const k of ['release', 'environment', 'transaction', 'server_name', 'logger'] as const) {
          if (out[k] !== undefined) assert.equal(typeof out[k], 'string');
        }
      }),
      { numRuns: 10_000 },
    );
    assert.equal(prototypeKeys(), before);
  });

  test('keeps __proto__ and constructor keys as plain data', () => {
    const raw = JSON.parse(
      '{"extra":{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":2}}},"__proto__":{"polluted":3},"tags":{"__proto__":"x"}}',
    ) as unknown;
    const out = processEvent(raw, { eventId: 'b'.repeat(32), receivedAt: 1_700_000_000 });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out.extra, '__proto__')?.value, { polluted: 1 });
    assert.deepEqual(out.tags, [['__proto__', 'x']]);
    assert.match(JSON.stringify(out), /"__proto__":\{"polluted":3\}/);
  });
});

describe('processEvent on generated events', () => {
  test('caps every stack, including a message event’s own, and records the cut in _meta.trimmed', () => {
    const frames = Array.from({ length: 10_000 }, (_, i) => ({
      function: `f${i}`,
      filename: 'a.js',
      lineno: i + 1,
    }));
    const out = processEvent(
      { message: 'deep', stacktrace: { frames }, threads: { values: [{ stacktrace: { frames } }] } },
      { eventId: 'd'.repeat(32), receivedAt: 1_700_000_000 },
    );
    assert.equal((out.stacktrace as { frames: unknown[] }).frames.length, TRIM_LIMITS.frames);
    assert.equal(out.threads?.values[0]?.stacktrace?.frames.length, TRIM_LIMITS.frames);
    assert.deepEqual((out._meta?.trimmed as { field: string }[]).map((t) => t.field).sort(), [
      'stacktrace.frames',
      'threads.0.stacktrace.frames',
    ]);
  });

  test('returns a storable event within the trim limits, or throws a typed error', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(event, processContext, (raw, ctx) => {
        let out;
        try {
          out = processEvent(JSON.parse(raw.text), ctx);
        } catch (err) {
          return assertTyped(err);
        }
        assert.equal(typeof out.title, 'string');
        assert.equal(typeof out.culprit, 'string');
        assert.equal(typeof out.grouping.hash, 'string');
        assert.ok(out.tags.length <= TRIM_LIMITS.tags);
        assert.ok((out.breadcrumbs?.values.length ?? 0) <= TRIM_LIMITS.breadcrumbs);
        const stacks = [
          ...(out.exception?.values ?? []).map((e) => e.stacktrace),
          ...(out.threads?.values ?? []).map((t) => t?.stacktrace),
          out.stacktrace as { frames?: unknown } | undefined,
        ];
        for (const st of stacks) {
          if (st && Array.isArray(st.frames)) assert.ok(st.frames.length <= TRIM_LIMITS.frames);
        }
        // What storage receives: JSON text without characters PostgreSQL refuses.
        const stored = JSON.stringify(out);
        assert.equal(typeof stored, 'string');
        eachString(out, (s) => assert.ok(!UNSAFE.test(s), `unsafe string ${JSON.stringify(s)}`));
      }),
      { numRuns: 12_000 },
    );
    assert.equal(prototypeKeys(), before);
  });

  test('gives the same event when the digest skips the string walk for a text it checked', () => {
    fc.assert(
      fc.property(event, processContext, (raw, ctx) => {
        const run = (c: ProcessContext) => {
          try {
            return processEvent(JSON.parse(raw.text), c);
          } catch (err) {
            return (err as Error).message;
          }
        };
        assert.deepEqual(run({ ...ctx, stringsSafe: isJsonTextSafe(raw.text) }), run(ctx));
      }),
      { numRuns: 4_000 },
    );
  });

  test('never throws anything but a typed error on arbitrary JSON', () => {
    fc.assert(
      fc.property(anyJson(4), (raw) => {
        try {
          processEvent(JSON.parse(raw.text), { eventId: 'c'.repeat(32), receivedAt: 1_700_000_000 });
        } catch (err) {
          assertTyped(err);
        }
      }),
      { numRuns: 8_000 },
    );
  });
});
