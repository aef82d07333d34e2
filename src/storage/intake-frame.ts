import { crc32 } from 'node:zlib';
import type { IntakeRecord } from './intake-spool.js';

/**
 * One intake record as it sits in an intake log segment (intake-log.ts), little-endian:
 *
 *   u32 length of everything after this field   u32 CRC-32 of everything after this field
 *   u8 kind   u8 has event id   u16 zero   u32 project id   f64 received at   16 bytes event id
 *   the body
 *
 * The checksum is what tells a record from the torn tail a crash leaves behind, and from bytes a
 * writer has not finished writing while a reader looks.
 */
export const FRAME_HEADER_BYTES = 40;
const AFTER_LENGTH = 4;
const CHECKED_FROM = 8;

const KINDS = ['envelope', 'store', 'tags'] as const;
const KIND_CODES: Record<IntakeRecord['kind'], number> = { envelope: 0, store: 1, tags: 2 };

/** The frame header for a record; the body follows it unchanged (written from its own buffer). */
export function encodeFrameHeader(record: IntakeRecord): Buffer {
  const h = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  h.writeUInt32LE(FRAME_HEADER_BYTES - AFTER_LENGTH + record.body.length, 0);
  h.writeUInt8(KIND_CODES[record.kind], 8);
  h.writeUInt8(record.eventId === null ? 0 : 1, 9);
  h.writeUInt16LE(0, 10);
  h.writeUInt32LE(record.projectId, 12);
  h.writeDoubleLE(record.receivedAt, 16);
  if (record.eventId === null) h.fill(0, 24, 40);
  else if (record.eventId.length !== 32 || h.write(record.eventId, 24, 16, 'hex') !== 16) {
    throw new Error(`intake record event id is not 32 hex digits: ${record.eventId}`);
  }
  h.writeUInt32LE(crc32(record.body, crc32(h.subarray(CHECKED_FROM))), 4);
  return h;
}

/** A record read back, with the offset just past its frame. */
export interface DecodedFrame {
  record: IntakeRecord;
  end: number;
}

/**
 * The frame starting at `offset` of `bytes`, or undefined when what is there is not (yet) a whole,
 * intact frame: cut short, or failing its checksum. `maxBody` bounds what a corrupt length may claim.
 */
export function decodeFrame(bytes: Buffer, offset: number, maxBody: number): DecodedFrame | undefined {
  if (bytes.length - offset < FRAME_HEADER_BYTES) return undefined;
  const length = bytes.readUInt32LE(offset);
  if (length < FRAME_HEADER_BYTES - AFTER_LENGTH || length - (FRAME_HEADER_BYTES - AFTER_LENGTH) > maxBody) {
    return undefined;
  }
  const end = offset + AFTER_LENGTH + length;
  if (end > bytes.length) return undefined;
  if (crc32(bytes.subarray(offset + CHECKED_FROM, end)) !== bytes.readUInt32LE(offset + 4)) return undefined;
  const kind = KINDS[bytes.readUInt8(offset + 8)];
  if (kind === undefined) return undefined;
  const hasEventId = bytes.readUInt8(offset + 9) === 1;
  return {
    record: {
      projectId: bytes.readUInt32LE(offset + 12),
      kind,
      eventId: hasEventId ? bytes.toString('hex', offset + 24, offset + 40) : null,
      receivedAt: bytes.readDoubleLE(offset + 16),
      // A copy: the read buffer is reused, the record outlives it.
      body: Buffer.from(bytes.subarray(offset + FRAME_HEADER_BYTES, end)),
    },
    end,
  };
}
