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

/**
 * The CORS headers for an SDK's answer: none when the request has no Origin, since only a browser
 * reads them and a browser always sends one. Server SDKs send none, and the headers are a third of
 * an answer's bytes.
 */
export function sdkCorsHeaders(origin: string | string[] | undefined): Record<string, string> {
  return origin === undefined ? {} : ingestCorsHeaders(origin);
}
