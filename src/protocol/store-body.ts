import { inflateSync } from 'node:zlib';
import { PayloadTooLargeError, ValidationError } from '../lib/errors.js';

/** The same 1 MiB Relay allows for one event (`max_event_size`). */
const MAX_INFLATED_BYTES = 1024 * 1024;
const OPEN_BRACE = 0x7b;
const ZLIB_MAGIC = 0x78;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Undoes the legacy store-endpoint encoding: old SDKs (raven-python, raven-js) send the event as
 * base64, often of zlib-deflated JSON, instead of plain JSON (Relay `store.rs` `decode_bytes`).
 */
export function decodeStoreBody(body: Buffer): Buffer {
  const first = body.findIndex((byte) => !isWhitespace(byte));
  if (first !== -1 && body[first] === OPEN_BRACE) return body;

  // Base64 may arrive wrapped in lines; Buffer's own decoder skips bad characters silently, so the
  // alphabet is checked here to turn garbage into a 400 instead of a confusing JSON error later.
  const text = body.toString('latin1').replace(/\s+/g, '');
  if (text === '' || !BASE64.test(text) || text.length % 4 === 1) throw invalid('not JSON and not base64');
  const decoded = Buffer.from(text, 'base64');
  if (decoded[0] !== ZLIB_MAGIC) return decoded;

  try {
    return inflateSync(decoded, { maxOutputLength: MAX_INFLATED_BYTES });
  } catch (error) {
    if (error instanceof RangeError && (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadTooLargeError(`store body inflates past ${MAX_INFLATED_BYTES} bytes`);
    }
    throw invalid(error instanceof Error ? error.message : 'inflate failed');
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

function invalid(cause: string): ValidationError {
  return new ValidationError('invalid store body', [cause]);
}
