import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeFrame, encodeFrameHeader, FRAME_HEADER_BYTES } from './intake-frame.js';
import type { IntakeRecord } from './intake-spool.js';

const frame = (r: IntakeRecord) => Buffer.concat([encodeFrameHeader(r), r.body]);
const base: IntakeRecord = {
  projectId: 42,
  kind: 'envelope',
  eventId: '0123456789abcdef0123456789abcdef',
  receivedAt: 1790000000.125,
  body: Buffer.from('{"event_id":"0123456789abcdef0123456789abcdef"}\n{"type":"event"}\n{}'),
};

describe('intake log frames', () => {
  const roundTrips: [string, IntakeRecord][] = [
    ['an envelope with an event id', base],
    ['a store request', { ...base, kind: 'store' }],
    ['a tag payload', { ...base, kind: 'tags', projectId: 4_000_000_000 }],
    ['a record without an event id', { ...base, eventId: null }],
    ['an empty body', { ...base, body: Buffer.alloc(0) }],
    ['a binary body', { ...base, body: Buffer.from([0, 255, 10, 13, 0]) }],
  ];
  for (const [name, record] of roundTrips) {
    test(`reads back ${name} unchanged`, () => {
      const bytes = frame(record);
      assert.deepEqual(decodeFrame(bytes, 0, 1 << 20), { record, end: bytes.length });
    });
  }

  test('reads frames end to end, each from where the last ended', () => {
    const a = frame(base);
    const b = frame({ ...base, kind: 'store', body: Buffer.from('second') });
    const both = Buffer.concat([a, b]);
    const first = decodeFrame(both, 0, 1 << 20)!;
    assert.equal(first.end, a.length);
    assert.equal(decodeFrame(both, first.end, 1 << 20)!.record.body.toString(), 'second');
  });

  const whole = frame(base);
  const flip = (at: number) => {
    const copy = Buffer.from(whole);
    copy[at] = copy[at]! ^ 0x01;
    return copy;
  };
  const refused: [string, Buffer][] = [
    ['nothing', Buffer.alloc(0)],
    ['half a header', whole.subarray(0, FRAME_HEADER_BYTES / 2)],
    ['a header without its whole body (a torn write)', whole.subarray(0, whole.length - 1)],
    ['a flipped bit in the body', flip(whole.length - 1)],
    ['a flipped bit in the project id', flip(12)],
    ['a flipped bit in the checksum', flip(4)],
    ['zeros (space a crash left unwritten)', Buffer.alloc(whole.length)],
    ['a length past the body cap', flip(3)],
  ];
  for (const [name, bytes] of refused) {
    test(`takes ${name} for no frame`, () => {
      assert.equal(decodeFrame(bytes, 0, 1 << 20), undefined);
    });
  }

  test('refuses to write an event id that is not 32 hex digits', () => {
    assert.throws(() => encodeFrameHeader({ ...base, eventId: 'not-hex' }), /32 hex digits/);
    assert.throws(() => encodeFrameHeader({ ...base, eventId: 'zz'.repeat(16) }), /32 hex digits/);
  });
});
