import { isUtf8 } from 'node:buffer';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * The deepest nesting of objects and arrays in a JSON text, found by one linear scan of its bytes
 * (no recursion, no parse), so a hostile 100,000-deep document costs nothing but the scan.
 * Stops counting once `stopAt` is passed.
 */
export function jsonDepth(bytes: Uint8Array, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === QUOTE) {
      // Most of an event is string content: jump over it (indexOf is native) instead of walking it.
      i = closingQuote(bytes, i);
    } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > stopAt) return max;
      }
    } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      depth--;
    }
  }
  return max;
}

/** The index of the quote that closes the string opened at `open`, or the end of the bytes. */
function closingQuote(bytes: Uint8Array, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = bytes.indexOf(QUOTE, from);
    if (quote === -1) return bytes.length;
    // Escaped when an odd run of backslashes comes before it.
    let k = quote - 1;
    while (k > open && bytes[k] === BACKSLASH) k--;
    if ((quote - 1 - k) % 2 === 0) return quote;
    from = quote + 1;
  }
}

/** True when the bytes are valid UTF-8 (JSON must be; invalid bytes would be silently replaced). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  // Validates in place; decoding to a string only to throw it away cost more than the rest of ingest.
  return isUtf8(bytes);
}
