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

/** Sets the CORS headers that let browser SDKs read ingest responses from any origin. */
export function applyIngestCors(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  reply.header('access-control-allow-origin', typeof origin === 'string' && origin ? origin : '*');
  reply.header('vary', 'Origin');
  reply.header('access-control-allow-methods', 'GET, POST, OPTIONS');
  reply.header('access-control-allow-headers', ALLOW_HEADERS);
  reply.header('access-control-expose-headers', EXPOSE_HEADERS);
  reply.header('access-control-max-age', '3600');
}
