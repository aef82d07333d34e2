import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { collectorEventSchema } from '../protocol/collector.js';
import {
  collectorEventId,
  collectorEventKind,
  collectorSessionItems,
  collectorToSentryEvent,
} from './collector-event.js';
import { processEvent } from './process-event.js';

const ctx = { eventId: 'b'.repeat(32), appKey: 'web_abc123', receivedAt: 1_716_192_000 };
const docsEvent = {
  eventId: 'evt_xxx',
  appKey: 'web_abc123',
  platform: 'web',
  type: 'error',
  timestamp: 1716192000000,
  sessionId: 'session_xxx',
  anonymousId: 'anon_xxx',
  sdkVersion: '0.1.0',
  errorType: 'js',
  message: "Cannot read property 'foo' of undefined",
  stack: '...',
  fingerprint: 'js:abc123',
  breadcrumbs: [],
};

describe('collectorEventKind', () => {
  const cases: [string, string | undefined, string][] = [
    ['error', 'js', 'error'],
    ['error', 'http', 'failed_request'],
    ['error', 'fetch', 'failed_request'],
    ['request', undefined, 'failed_request'],
    ['http', 'api', 'failed_request'],
    ['xhrRequest', undefined, 'failed_request'],
    ['performance', undefined, 'performance'],
  ];
  for (const [type, errorType, want] of cases) {
    test(`reads type ${type} with errorType ${errorType} as ${want}`, () =>
      assert.equal(collectorEventKind({ type, errorType }), want));
  }
});

describe('collectorToSentryEvent', () => {
  test("honours the SDK's fingerprint, whatever the message", () => {
    const a = processEvent(collectorToSentryEvent(collectorEventSchema.parse(docsEvent), ctx), ctx);
    const b = processEvent(
      collectorToSentryEvent(collectorEventSchema.parse({ ...docsEvent, message: 'something else' }), ctx),
      ctx,
    );
    assert.equal(a.grouping.variant, 'fingerprint');
    assert.equal(a.grouping.hash, b.grouping.hash);
  });

  test('keeps what the collector API reads back, with the session id under a key scrubbing leaves alone', () => {
    const e = collectorToSentryEvent(collectorEventSchema.parse(docsEvent), ctx) as {
      timestamp: number;
      user: { id: string };
      contexts: { collector: Record<string, unknown> };
      tags: Record<string, string>;
    };
    assert.equal(e.timestamp, 1_716_192_000);
    assert.equal(e.user.id, 'anon_xxx');
    assert.equal(e.contexts.collector.sid, 'session_xxx');
    assert.equal(e.contexts.collector.eventId, 'evt_xxx');
    assert.equal(e.tags['event.kind'], 'error');
  });

  test('reports a failed request as a message event with its request', () => {
    const e = collectorToSentryEvent(
      collectorEventSchema.parse({
        type: 'request',
        url: 'https://api.example.com/cart',
        method: 'get',
        status: 500,
      }),
      ctx,
    ) as {
      message: string;
      exception?: unknown;
      request: { url: string; method: string };
      tags: Record<string, string>;
    };
    assert.equal(e.message, 'GET https://api.example.com/cart → 500');
    assert.equal(e.exception, undefined);
    assert.deepEqual(e.request, { url: 'https://api.example.com/cart', method: 'GET' });
    assert.equal(e.tags['event.kind'], 'failed_request');
  });

  test('keeps unknown fields as extra', () => {
    const e = collectorToSentryEvent(collectorEventSchema.parse({ ...docsEvent, page: '/cart' }), ctx) as {
      extra: Record<string, unknown>;
    };
    assert.deepEqual(e.extra, { page: '/cart' });
  });
});

describe('collectorEventId', () => {
  test('derives the same id from the same eventId, and a fresh one without', () => {
    const fresh = () => 'f'.repeat(32);
    assert.equal(collectorEventId('evt_1', fresh), collectorEventId('evt_1', fresh));
    assert.notEqual(collectorEventId('evt_1', fresh), collectorEventId('evt_2', fresh));
    assert.match(collectorEventId('evt_1', fresh), /^[0-9a-f]{32}$/);
    assert.equal(collectorEventId(undefined, fresh), 'f'.repeat(32));
  });
});

describe('collectorSessionItems', () => {
  test('makes one session per sessionId, errored by its error events', () => {
    const events = [
      { ...docsEvent, sessionId: 's1', timestamp: 1000_000 },
      { ...docsEvent, sessionId: 's1', timestamp: 1005_000 },
      { ...docsEvent, sessionId: 's2', type: 'request', url: 'https://x', anonymousId: 'a2' },
      { ...docsEvent, sessionId: undefined },
    ].map((e) => collectorEventSchema.parse(e));
    const items = collectorSessionItems(events, 2000);
    assert.deepEqual(items, [
      {
        sid: 's1',
        did: 'anon_xxx',
        status: 'ok',
        errors: 2,
        started: new Date(1000_000).toISOString(),
        timestamp: new Date(1005_000).toISOString(),
        attrs: {},
      },
      {
        sid: 's2',
        did: 'a2',
        status: 'ok',
        errors: 0,
        started: new Date(1716192000000).toISOString(),
        timestamp: new Date(1716192000000).toISOString(),
        attrs: {},
      },
    ]);
  });
});
