import type { FastifyReply, FastifyRequest } from 'fastify';

// The headers Sentry's SDKs send from browsers (develop-docs transport/authentication) plus the
// tracing headers Bugsink found necessary; a preflight that omits one makes the browser drop events.
const ALLOW_HEADERS = [
  'x-sentry-auth',
  'x-requested-with',
  'x-forwarded-for',
  'origin',
  'referer',
  'accept',
  'authentication',
  'authorization',
  'content-encoding',
  'content-type',
  'transfer-encoding',
  'sentry-trace',
  'baggage',
].join(', ');

const EXPOSE_HEADERS = 'x-sentry-error, x-sentry-rate-limits, retry-after';

/** The CORS headers that let browser SDKs read ingest answers from any origin. */
export function ingestCorsHeaders(origin: string | string[] | undefined): Record<string, string> {
  return {
    'access-control-allow-origin': typeof origin === 'string' && origin ? origin : '*',
    vary: 'Origin',
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-expose-headers': EXPOSE_HEADERS,
    'access-control-max-age': '3600',
  };
}

/** Sets the ingest CORS headers on a Fastify reply. */
export function applyIngestCors(request: FastifyRequest, reply: FastifyReply): void {
  reply.headers(ingestCorsHeaders(request.headers.origin));
}
