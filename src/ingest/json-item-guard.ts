import { ValidationError } from '../lib/errors.js';
import { isValidUtf8, jsonDepth } from '../protocol/json-guard.js';

// Relay refuses deeper documents; SDKs never nest this deep, hostile payloads do.
export const MAX_JSON_DEPTH = 128;

/** Refuses a JSON payload that is not UTF-8 or nests deeper than MAX_JSON_DEPTH (400, before storing). */
export function guardJsonPayload(bytes: Uint8Array, what: string): void {
  if (!isValidUtf8(bytes)) throw new ValidationError(`${what} is not valid UTF-8`, [], 'invalid_json');
  if (jsonDepth(bytes, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ValidationError(`${what} nests deeper than ${MAX_JSON_DEPTH} levels`, [], 'invalid_json');
  }
}
