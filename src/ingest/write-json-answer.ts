import type { ServerResponse } from 'node:http';

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
