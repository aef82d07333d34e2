import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IngestLog } from './serve-ingest.js';

/** A finished answer, whichever server writes it. */
export interface JsonAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** The CORS headers a door gives a request from `origin` (none without one). */
export type CorsHeaders = (origin: string | string[] | undefined) => Record<string, string>;

/**
 * Writes a JSON answer straight to node:http, for the ingest paths served ahead of Fastify. The
 * headers come first in the order given (CORS, then the answer's own), then the content headers, as
 * Fastify's routes write them, so both doors answer alike.
 */
export function writeJsonAnswer(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  res.end(json);
}

/** What every door ahead of Fastify reads off the request for its endpoint. */
export function directRequest(req: IncomingMessage): {
  headers: IncomingMessage['headers'];
  contentLength: number | undefined;
  body: IncomingMessage;
  receivedAt: number;
} {
  const length = req.headers['content-length'];
  return {
    headers: req.headers,
    contentLength: length === undefined ? undefined : Number(length),
    body: req,
    receivedAt: Date.now() / 1000,
  };
}

/**
 * Writes a door's answer once it is ready, with the door's CORS headers first. The answer functions
 * never throw; if writing does, the connection is the one thing left to end.
 */
export function writeDirectAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  cors: CorsHeaders,
  answer: JsonAnswer | Promise<JsonAnswer>,
  log: IngestLog,
): void {
  void Promise.resolve(answer)
    .then((a) => writeJsonAnswer(res, a.status, { ...cors(req.headers.origin), ...a.headers }, a.body))
    .catch((err: unknown) => {
      log.error({ err }, 'ingest answer failed');
      res.destroy();
    });
}

/** A refusal while the server closes, as Fastify gives it: the client should reconnect elsewhere. */
export function closingAnswer(refusal: JsonAnswer): JsonAnswer {
  return { ...refusal, headers: { ...refusal.headers, connection: 'close' } };
}
