import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NormalizedEvent } from '../protocol/event.js';
import { trimEvent, type TrimRecord } from './trim.js';

const base = (over: Partial<NormalizedEvent>): NormalizedEvent => ({
  event_id: 'a'.repeat(32),
  timestamp: 1,
  received: 1,
  platform: 'node',
  level: 'error',
  tags: [],
  ...over,
});
const trimmed = (e: NormalizedEvent) => (e._meta?.trimmed ?? []) as TrimRecord[];

describe('trimEvent', () => {
  test('cuts a message over 8,192 characters and records it', () => {
    const e = trimEvent(base({ message: 'x'.repeat(10_000) }));
    assert.equal(e.message!.length, 8192);
    assert.deepEqual(trimmed(e), [{ field: 'message', original: 10_000, kept: 8192 }]);
  });

  test('keeps 100 of 500 tags, with keys cut to 32 and values to 200', () => {
    const tags = Array.from({ length: 500 }, (_, i): [string, string] => [
      `k${i}${'k'.repeat(40)}`,
      'v'.repeat(300),
    ]);
    const e = trimEvent(base({ tags }));
    assert.equal(e.tags.length, 100);
    assert.ok(e.tags.every(([k, v]) => k.length <= 32 && v.length <= 200));
    assert.equal(trimmed(e)[0]!.field, 'tags');
  });

  test('keeps the 100 most recent of 10,000 breadcrumbs', () => {
    const values = Array.from({ length: 10_000 }, (_, i) => ({ message: `crumb ${i}` }));
    const e = trimEvent(base({ breadcrumbs: { values } }));
    assert.equal(e.breadcrumbs!.values.length, 100);
    assert.equal(e.breadcrumbs!.values[99]!.message, 'crumb 9999');
  });

  test('keeps 250 of 10,000 frames, both ends', () => {
    const frames = Array.from({ length: 10_000 }, (_, i) => ({ function: `f${i}` }));
    const e = trimEvent(base({ exception: { values: [{ type: 'E', stacktrace: { frames } }] } }));
    const kept = e.exception!.values[0]!.stacktrace!.frames;
    assert.equal(kept.length, 250);
    assert.equal(kept[0]!.function, 'f0');
    assert.equal(kept[249]!.function, 'f9999');
  });

  test('leaves a small event untouched and without a trim record', () => {
    const e = trimEvent(base({ message: 'short', tags: [['a', 'b']] }));
    assert.equal(e._meta, undefined);
  });
});
