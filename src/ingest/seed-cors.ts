import { ingestCorsHeaders } from './cors.js';
import { TAG_KEY_HEADERS } from './tags-endpoint.js';
import { TOKEN_HEADERS } from './token-auth.js';

// The seed SDKs' own credential headers, on top of the Sentry ones browsers may send.
const SEED_HEADERS = [...TOKEN_HEADERS, ...TAG_KEY_HEADERS].join(', ');

/** The ingest CORS headers with the seed SDKs' headers allowed too: every seed ingest answer has them. */
export function seedIngestCorsHeaders(origin: string | string[] | undefined): Record<string, string> {
  const headers = ingestCorsHeaders(origin);
  headers['access-control-allow-headers'] += `, ${SEED_HEADERS}`;
  return headers;
}
