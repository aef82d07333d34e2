import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnavailableError } from '../lib/errors.js';
import { toHttpError } from '../lib/http-errors.js';
import { sdkCorsHeaders } from './cors.js';
import { closingAnswer, directRequest, writeDirectAnswer } from './write-json-answer.js';
import type { IngestDeps } from './ingest-deps.js';
import { answerIngest, type IngestEndpoint, type IngestLog } from './serve-ingest.js';

/** An ingest request recognised from its request line alone. */
export interface IngestPath {
  endpoint: IngestEndpoint;
  projectId: string;
  /** The query string without its `?`; empty when there is none. */
  query: string;
}

// Only the plain shape SDKs send: a numeric project id, an optional trailing slash, a query string.
// Anything else (encoded characters, a fragment, a long id) goes to Fastify, whose router decides.
const INGEST_PATH = /^\/api\/(\d{1,15})\/(envelope|store)\/?(?:\?(.*))?$/s;

/** The endpoint, project id and query string of `POST /api/<id>/{envelope,store}/`, or undefined. */
export function matchIngestPath(method: string | undefined, url: string | undefined): IngestPath | undefined {
  if (method !== 'POST' || url === undefined || !url.startsWith('/api/')) return undefined;
  const m = INGEST_PATH.exec(url);
  if (!m) return undefined;
  return { projectId: m[1]!, endpoint: m[2] as IngestEndpoint, query: m[3] ?? '' };
}

/**
 * SDK ingest served straight from node:http, before Fastify: its per-request machinery (hooks,
 * content-type parsing, reply objects) cost more than the rest of an envelope's way to the spool.
 * Returns a request handler that answers an ingest request and returns true, or returns false for
 * Fastify to serve the request. The answers are those of the Fastify routes (routes.ts): both go
 * through answerIngest, with the same CORS headers.
 */
export function createDirectIngest(
  deps: IngestDeps,
  log: () => IngestLog,
  isClosing: () => boolean,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = matchIngestPath(req.method, req.url);
    if (!path) return false;
    if (isClosing()) {
      const refusal = toHttpError(new UnavailableError('the server is shutting down; retry later', 5));
      writeDirectAnswer(req, res, sdkCorsHeaders, closingAnswer(refusal), log());
      return true;
    }
    const answer = answerIngest(
      path.endpoint,
      { ...directRequest(req), projectIdParam: path.projectId, query: new URLSearchParams(path.query) },
      deps,
      log(),
    );
    writeDirectAnswer(req, res, sdkCorsHeaders, answer, log());
    return true;
  };
}
