import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTagPayload, tagKey } from './tag-payload.js';

const event = { container_id: 'GTM-1', event_name: 'purchase', timestamp_ms: 1708790400000 };

const cases: { name: string; input: unknown; expect: 'event' | 'batch' | 'invalid' | 'too_many_tags' }[] = [
  { name: 'a minimal per-event payload (tags default to [])', input: event, expect: 'event' },
  {
    name: 'numeric tag ids and null optionals',
    input: { ...event, tags: [{ id: 15, name: null, status: 'success', execution_time: null }] },
    expect: 'event',
  },
  {
    name: 'a batch told apart by batch: true',
    input: { container_id: 'GTM-1', batch: true, window_start_ms: 1 },
    expect: 'batch',
  },
  {
    name: 'a batch with every block',
    input: {
      container_id: 'G',
      batch: true,
      window_start_ms: 1,
      window_end_ms: 2,
      total_events: 3,
      event_counts: { a: 3 },
      tag_metrics: { t: { success: 1, count: 1, total_exec_ms: 5 } },
      user_data_quality: { email: 1, total: 3 },
      ecommerce_quality: null,
    },
    expect: 'batch',
  },
  { name: 'a missing event_name', input: { container_id: 'G', timestamp_ms: 1 }, expect: 'invalid' },
  { name: 'a string timestamp', input: { ...event, timestamp_ms: 'now' }, expect: 'invalid' },
  { name: 'an array body', input: [event], expect: 'invalid' },
  { name: 'a batch without its window', input: { container_id: 'G', batch: true }, expect: 'invalid' },
  {
    name: '501 tags',
    input: { ...event, tags: Array.from({ length: 501 }, (_, i) => ({ id: i, status: 'success' })) },
    expect: 'too_many_tags',
  },
  {
    name: '501 tag metrics in a batch',
    input: {
      container_id: 'G',
      batch: true,
      window_start_ms: 1,
      tag_metrics: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`t${i}`, {}])),
    },
    expect: 'too_many_tags',
  },
];

for (const c of cases) {
  test(`parseTagPayload: ${c.name} → ${c.expect}`, () => {
    const r = parseTagPayload(c.input);
    if (r.ok) assert.equal(r.payload.mode, c.expect);
    else assert.equal(r.problem.kind, c.expect);
  });
}

test('parseTagPayload counts an unknown tag status as failure, case-insensitively', () => {
  const r = parseTagPayload({
    ...event,
    tags: [
      { id: '1', status: 'weird' },
      { id: '2', status: 'TIMEOUT' },
    ],
  });
  assert.ok(r.ok && r.payload.mode === 'event');
  assert.deepEqual(
    r.payload.tags.map((t) => t.status),
    ['failure', 'timeout'],
  );
});

test('tagKey uses the name, or tag_<id> without one', () => {
  assert.equal(tagKey({ id: '15', name: 'GA4' }), 'GA4');
  assert.equal(tagKey({ id: '15', name: null }), 'tag_15');
  assert.equal(tagKey({ id: '15', name: '' }), 'tag_15');
});
