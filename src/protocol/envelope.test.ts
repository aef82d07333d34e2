import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../lib/errors.js';
import {
  itemCategory,
  isDataCategory,
  normalizeEventId,
  parseEnvelope,
  serializeEnvelope,
  type DataCategory,
  type Envelope,
} from './envelope.js';

/** The envelope's items as header objects and UTF-8 payload text, for readable expectations. */
function simplify(envelope: Envelope): {
  headers: Record<string, unknown>;
  items: [Record<string, unknown>, string][];
} {
  return {
    headers: envelope.headers,
    items: envelope.items.map((item) => [item.headers, item.payload.toString('utf8')]),
  };
}

// Recorded from sentry-cli 3.8.0 `send-event` (shared/reference/captures/sentry-cli-send-event.txt):
// a hyphenated event id and a length-framed item followed by a newline.
const SENTRY_CLI_BODY =
  '{"event_id":"3623e685-2df8-40d8-afd8-1c3c027abeb3"}\n{"type":"event","length":751}\n{"event_id":"3623e6852df840d8afd81c3c027abeb3","logentry":{"message":"hello"},"platform":"native","timestamp":1795391587.0428982,"server_name":"vm","environment":"production","user":{"ip_address":"{{auto}}","username":"root"},"contexts":{"device":{"type":"device","arch":"x86_64"},"os":{"type":"os","name":"Linux","version":"6.18.44-fc-v782","kernel_version":"#1 SMP PREEMPT_DYNAMIC @0"},"rust":{"type":"runtime","name":"rustc","version":"1.96.1","channel":"stable"}},"tags":{"env":"ci"},"extra":{"environ":{"HOME":"/srv/demo-project/cli","PATH":"/usr/bin:/bin","SENTRY_DSN":"http://PUBLICKEY@127.0.0.1:18433/42","SSL_CERT_DIR":"/usr/lib/ssl/certs","SSL_CERT_FILE":"/usr/lib/ssl/cert.pem"},"key":"value"},"sdk":{"name":"sentry-cli","version":"3.8.0"}}\n';

// Recorded from @sentry/node 11.12.0 (sentry-node-envelope-3-session.txt): no length, no trailing newline.
const SENTRY_NODE_SESSION_BODY =
  '{"sent_at":"2026-11-22T23:50:43.201Z","sdk":{"name":"sentry.javascript.node","version":"11.12.0"}}\n{"type":"session"}\n{"sid":"9254a5a5dc8547ad8dd715ecb2692424","init":true,"started":"2026-11-22T23:50:43.105Z","timestamp":"2026-11-22T23:50:43.201Z","status":"ok","errors":1,"did":"42","duration":0.09573101997375488,"attrs":{"release":"demo@1.0.0","environment":"research"}}';

describe('parseEnvelope', () => {
  const framed: { name: string; body: string; expected: ReturnType<typeof simplify> }[] = [
    {
      name: 'reads exactly length bytes when the item declares a length',
      body: '{}\n{"type":"attachment","length":5}\nab\ncd\n',
      expected: { headers: {}, items: [[{ type: 'attachment', length: 5 }, 'ab\ncd']] },
    },
    {
      name: 'accepts a length-framed item that ends at EOF without a newline',
      body: '{}\n{"type":"event","length":2}\n{}',
      expected: { headers: {}, items: [[{ type: 'event', length: 2 }, '{}']] },
    },
    {
      name: 'counts length in bytes, not characters',
      body: '{}\n{"type":"event","length":4}\n"é"\n',
      expected: { headers: {}, items: [[{ type: 'event', length: 4 }, '"é"']] },
    },
    {
      name: 'accepts an item with length zero',
      body: '{}\n{"type":"attachment","length":0}\n\n{"type":"event"}\n{}',
      expected: {
        headers: {},
        items: [
          [{ type: 'attachment', length: 0 }, ''],
          [{ type: 'event' }, '{}'],
        ],
      },
    },
    {
      name: 'runs a payload without length to the next newline',
      body: '{}\n{"type":"event"}\n{"a":1}\n{"type":"session"}\n{"b":2}\n',
      expected: {
        headers: {},
        items: [
          [{ type: 'event' }, '{"a":1}'],
          [{ type: 'session' }, '{"b":2}'],
        ],
      },
    },
    {
      name: 'runs a payload without length to EOF when there is no trailing newline',
      body: '{}\n{"type":"event"}\n{"a":1}',
      expected: { headers: {}, items: [[{ type: 'event' }, '{"a":1}']] },
    },
    {
      name: 'mixes length-framed and newline-framed items',
      body: '{}\n{"type":"event","length":7}\n{"a":1}\n{"type":"log"}\n{"items":[]}',
      expected: {
        headers: {},
        items: [
          [{ type: 'event', length: 7 }, '{"a":1}'],
          [{ type: 'log' }, '{"items":[]}'],
        ],
      },
    },
    {
      name: 'accepts a header-only envelope with a newline',
      body: '{}\n',
      expected: { headers: {}, items: [] },
    },
    {
      name: 'accepts a header-only envelope without a newline',
      body: '{}',
      expected: { headers: {}, items: [] },
    },
    {
      name: 'does not turn a trailing blank line into an item',
      body: '{}\n{"type":"event"}\n{}\n\n',
      expected: { headers: {}, items: [[{ type: 'event' }, '{}']] },
    },
    {
      name: 'tolerates blank lines between items',
      body: '{}\n\n{"type":"event","length":2}\n{}\n\n\r\n{"type":"session"}\n{}',
      expected: {
        headers: {},
        items: [
          [{ type: 'event', length: 2 }, '{}'],
          [{ type: 'session' }, '{}'],
        ],
      },
    },
    {
      name: 'keeps a carriage return before the newline in the payload',
      body: '{}\n{"type":"event"}\n{}\r\n',
      expected: { headers: {}, items: [[{ type: 'event' }, '{}\r']] },
    },
    {
      name: 'gives an item header at EOF an empty payload',
      body: '{}\n{"type":"event"}',
      expected: { headers: {}, items: [[{ type: 'event' }, '']] },
    },
    {
      name: 'treats a null length as absent',
      body: '{}\n{"type":"event","length":null}\n{}\n',
      expected: { headers: {}, items: [[{ type: 'event' }, '{}']] },
    },
    {
      name: 'keeps unknown envelope and item headers',
      body: '{"event_id":"x","custom":{"k":1}}\n{"type":"event","weird":true}\n{}',
      expected: {
        headers: { event_id: 'x', custom: { k: 1 } },
        items: [[{ type: 'event', weird: true }, '{}']],
      },
    },
    {
      name: 'returns items of unknown types for the caller to skip',
      body: '{}\n{"type":"something_new","length":3}\nabc\n',
      expected: { headers: {}, items: [[{ type: 'something_new', length: 3 }, 'abc']] },
    },
    {
      name: 'reads the log container the JavaScript SDK sends without length',
      body: '{}\n{"type":"log","item_count":1,"content_type":"application/vnd.sentry.items.log+json"}\n{"items":[{}]}',
      expected: {
        headers: {},
        items: [
          [
            { type: 'log', item_count: 1, content_type: 'application/vnd.sentry.items.log+json' },
            '{"items":[{}]}',
          ],
        ],
      },
    },
  ];
  for (const { name, body, expected } of framed) {
    test(name, () => assert.deepEqual(simplify(parseEnvelope(Buffer.from(body))), expected));
  }

  const malformed: { name: string; body: string; opts?: { maxHeaderLineBytes: number } }[] = [
    { name: 'rejects an empty body', body: '' },
    {
      name: 'rejects a length-framed payload followed by something other than a newline',
      body: '{}\n{"type":"event","length":2}\n{}x\n',
    },
    { name: 'rejects a length that runs past the end', body: '{}\n{"type":"event","length":10}\n{}\n' },
    { name: 'rejects a negative length', body: '{}\n{"type":"event","length":-1}\n{}\n' },
    { name: 'rejects a fractional length', body: '{}\n{"type":"event","length":1.5}\n{}\n' },
    { name: 'rejects a length given as a string', body: '{}\n{"type":"event","length":"2"}\n{}\n' },
    { name: 'rejects an envelope header that is not JSON', body: 'hello\n' },
    { name: 'rejects an envelope header that is a JSON array', body: '[]\n' },
    { name: 'rejects an envelope header that is JSON null', body: 'null\n' },
    { name: 'rejects an envelope that starts with a blank line', body: '\n{}\n' },
    { name: 'rejects an item header that is not JSON', body: '{}\n{"type":\n{}\n' },
    { name: 'rejects an item header that is a JSON string', body: '{}\n"event"\n{}\n' },
    { name: 'rejects an item header without a type', body: '{}\n{"length":2}\n{}\n' },
    { name: 'rejects an item header whose type is not a string', body: '{}\n{"type":1}\n{}\n' },
    {
      name: 'rejects an envelope header line over the cap',
      body: `{"a":"${'x'.repeat(20)}"}\n`,
      opts: { maxHeaderLineBytes: 16 },
    },
    {
      name: 'rejects an item header line over the cap',
      body: `{}\n{"type":"${'x'.repeat(20)}"}\n{}`,
      opts: { maxHeaderLineBytes: 16 },
    },
    { name: 'rejects a header line over the default 8 KiB cap', body: `{"a":"${'x'.repeat(8192)}"}\n` },
  ];
  for (const { name, body, opts } of malformed) {
    test(name, () => {
      assert.throws(
        () => parseEnvelope(Buffer.from(body), opts),
        (error: unknown) => error instanceof ValidationError && error.code === 'invalid_envelope',
      );
    });
  }

  test('accepts a header line exactly at the cap', () => {
    const header = `{"a":"${'x'.repeat(8)}"}`;
    assert.equal(header.length, 16);
    assert.deepEqual(parseEnvelope(Buffer.from(`${header}\n`), { maxHeaderLineBytes: 16 }).headers, {
      a: 'xxxxxxxx',
    });
  });

  test('returns binary payloads byte for byte', () => {
    const binary = Buffer.from([0x00, 0x0a, 0xff, 0x0d, 0x0a, 0x7b]);
    const body = Buffer.concat([
      Buffer.from('{}\n{"type":"attachment","length":6}\n'),
      binary,
      Buffer.from('\n'),
    ]);
    assert.deepEqual(parseEnvelope(body).items[0]?.payload, binary);
  });

  test('reads the envelope sentry-cli send-event sends', () => {
    const body = Buffer.from(SENTRY_CLI_BODY);
    assert.equal(body.length, 834);
    const envelope = parseEnvelope(body);
    assert.deepEqual(envelope.headers, { event_id: '3623e685-2df8-40d8-afd8-1c3c027abeb3' });
    assert.equal(envelope.items.length, 1);
    const [item] = envelope.items;
    assert.deepEqual(item?.headers, { type: 'event', length: 751 });
    const event = JSON.parse(item?.payload.toString() ?? '') as {
      event_id: string;
      logentry: { message: string };
    };
    assert.equal(event.logentry.message, 'hello');
    assert.equal(normalizeEventId(envelope.headers.event_id), event.event_id);
  });

  test('reads the newline-framed session envelope @sentry/node sends', () => {
    const envelope = parseEnvelope(Buffer.from(SENTRY_NODE_SESSION_BODY));
    assert.equal(envelope.headers.sent_at, '2026-11-22T23:50:43.201Z');
    assert.deepEqual(
      envelope.items.map((item) => item.headers),
      [{ type: 'session' }],
    );
    assert.match(
      envelope.items[0]?.payload.toString() ?? '',
      /^\{"sid":"9254a5a5dc8547ad8dd715ecb2692424".*\}$/,
    );
  });

  test('returns payloads as views of the body rather than copies', () => {
    const body = Buffer.from('{}\n{"type":"event","length":2}\n{}\n');
    assert.equal(parseEnvelope(body).items[0]?.payload.buffer, body.buffer);
  });
});

describe('normalizeEventId', () => {
  const cases: { name: string; id: unknown; expected: string | undefined }[] = [
    {
      name: 'keeps 32 lowercase hex digits',
      id: '3623e6852df840d8afd81c3c027abeb3',
      expected: '3623e6852df840d8afd81c3c027abeb3',
    },
    {
      name: 'lowercases upper-case hex',
      id: '3623E6852DF840D8AFD81C3C027ABEB3',
      expected: '3623e6852df840d8afd81c3c027abeb3',
    },
    {
      name: 'strips the hyphens of a UUID',
      id: '3623e685-2df8-40d8-afd8-1c3c027abeb3',
      expected: '3623e6852df840d8afd81c3c027abeb3',
    },
    {
      name: 'accepts a hyphenated UUID in upper case',
      id: '3623E685-2DF8-40D8-AFD8-1C3C027ABEB3',
      expected: '3623e6852df840d8afd81c3c027abeb3',
    },
    {
      name: 'rejects hyphens in the wrong places',
      id: '3623e6852-df8-40d8-afd8-1c3c027abeb3',
      expected: undefined,
    },
    { name: 'rejects non-hex characters', id: 'g623e6852df840d8afd81c3c027abeb3', expected: undefined },
    { name: 'rejects 31 digits', id: '3623e6852df840d8afd81c3c027abeb', expected: undefined },
    { name: 'rejects a braced UUID', id: '{3623e685-2df8-40d8-afd8-1c3c027abeb3}', expected: undefined },
    { name: 'rejects a number', id: 42, expected: undefined },
    { name: 'rejects undefined', id: undefined, expected: undefined },
  ];
  for (const { name, id, expected } of cases) {
    test(name, () => assert.equal(normalizeEventId(id), expected));
  }
});

describe('serializeEnvelope', () => {
  test('writes a length for every item and round-trips through parseEnvelope', () => {
    const binary = Buffer.from([0x0a, 0x00, 0x0a]);
    const body = serializeEnvelope({
      headers: { event_id: 'abc', sdk: { name: 'x' } },
      items: [
        { headers: { type: 'event' }, payload: '{"message":"line\\nbreak é"}' },
        { headers: { type: 'attachment', filename: 'a.bin', length: 999 }, payload: binary },
      ],
    });
    const envelope = parseEnvelope(body);
    assert.deepEqual(envelope.headers, { event_id: 'abc', sdk: { name: 'x' } });
    assert.deepEqual(envelope.items[0]?.headers, { type: 'event', length: 28 });
    assert.equal(envelope.items[0]?.payload.toString(), '{"message":"line\\nbreak é"}');
    assert.deepEqual(envelope.items[1]?.headers, { type: 'attachment', filename: 'a.bin', length: 3 });
    assert.deepEqual(envelope.items[1]?.payload, binary);
  });

  test('writes a header-only envelope as one line', () => {
    assert.equal(serializeEnvelope({ headers: {}, items: [] }).toString(), '{}\n');
  });
});

describe('itemCategory', () => {
  const cases: [string, DataCategory][] = [
    ['event', 'error'],
    ['transaction', 'transaction'],
    ['attachment', 'attachment'],
    ['session', 'session'],
    ['sessions', 'session'],
    ['client_report', 'internal'],
    ['check_in', 'monitor'],
    ['span', 'span'],
    ['log', 'log_item'],
    ['user_report', 'feedback'],
    ['feedback', 'feedback'],
    ['profile', 'profile'],
    ['profile_chunk', 'profile_chunk'],
    ['replay_event', 'replay'],
    ['replay_recording', 'replay'],
    ['replay_video', 'replay'],
    ['statsd', 'metric_bucket'],
    ['metric_buckets', 'metric_bucket'],
    ['trace_metric', 'trace_metric'],
    ['security', 'security'],
    ['something_new', 'default'],
    ['constructor', 'default'],
  ];
  for (const [type, category] of cases) {
    test(`counts a ${type} item as ${category}`, () => assert.equal(itemCategory(type), category));
  }
});

describe('isDataCategory', () => {
  const cases: [string, boolean][] = [
    ['error', true],
    ['log_byte', true],
    ['metric_bucket', true],
    ['errors', false],
    ['toString', false],
    ['', false],
  ];
  for (const [value, expected] of cases) {
    test(`says ${expected ? 'yes' : 'no'} to "${value}"`, () =>
      assert.equal(isDataCategory(value), expected));
  }
});
