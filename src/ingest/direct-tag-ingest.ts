import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { UnavailableError } from '../lib/errors.js';
import { headerValue } from './seed-request.js';
import { seedIngestCorsHeaders } from './seed-cors.js';
import type { IngestLog } from './serve-ingest.js';
import { answerTagIngest, probrErrorAnswer } from './tag-answer.js';
import { tagIngestKey, type TagIngestDeps } from './tags-endpoint.js';
import { closingAnswer, directRequest, writeDirectAnswer } from './write-json-answer.js';
import { TOKEN_HEADERS } from './token-auth.js';

/** A tag ingest door: `shared` is `/api/ingest` (and `/ingest`), which the mobile crash SDK uses too. */
export type TagIngestDoor = 'shared' | 'tags-only';

// Only the plain paths the listener tag posts to, with an optional trailing slash and query string.
// Anything else (encoded characters, a doubled slash, a fragment) goes to Fastify, whose router decides.
const TAG_INGEST_PATH = /^\/(api\/ingest|ingest|api\/tags\/ingest)\/?(?:\?.*)?$/s;

/** Which tag ingest door `POST <url>` names, or undefined. */
export function matchTagIngestPath(
  method: string | undefined,
  url: string | undefined,
): TagIngestDoor | undefined {
  if (method !== 'POST' || url === undefined) return undefined;
  const m = TAG_INGEST_PATH.exec(url);
  if (!m) return undefined;
  return m[1] === 'api/tags/ingest' ? 'tags-only' : 'shared';
}

/**
 * Whether the node:http path serves this request: a tag ingest path and a tag key, and on the shared
 * door no mobile token, since a token selects the mobile crash product first (seed-routes.ts). A
 * request without a key is left to Fastify, which answers it the same way or serves another product.
 */
export function isDirectTagIngest(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): boolean {
  const door = matchTagIngestPath(method, url);
  if (door === undefined || tagIngestKey(headers) === undefined) return false;
  return door === 'tags-only' || TOKEN_HEADERS.every((name) => headerValue(headers, name) === undefined);
}

/**
 * Tag-monitoring ingest served straight from node:http, before Fastify, as direct-ingest.ts does for
 * SDK envelopes: Fastify's per-request machinery costs more than a small tag payload's way to the
 * spool. Returns a request handler that answers a tag payload and returns true, or returns false for
 * Fastify to serve the request. The answers are the Fastify route's (seed-routes.ts): both go through
 * answerTagIngest, with the same CORS headers.
 */
export function createDirectTagIngest(
  deps: TagIngestDeps,
  log: () => IngestLog,
  isClosing: () => boolean,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (!isDirectTagIngest(req.method, req.url, req.headers)) return false;
    if (isClosing()) {
      const refusal = probrErrorAnswer(new UnavailableError('the server is shutting down; retry later', 5));
      writeDirectAnswer(req, res, seedIngestCorsHeaders, closingAnswer(refusal), log());
      return true;
    }
    writeDirectAnswer(
      req,
      res,
      seedIngestCorsHeaders,
      answerTagIngest(directRequest(req), deps, log()),
      log(),
    );
    return true;
  };
}
