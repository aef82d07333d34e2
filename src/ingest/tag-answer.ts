import { FaultlineError, RateLimitedError, UnavailableError } from '../lib/errors.js';
import type { IngestLog } from './serve-ingest.js';
import { handleTagIngest, type TagIngestDeps, type TagIngestRequest } from './tags-endpoint.js';

/** A finished answer to the tag listener: what to write, whichever server writes it. */
export interface TagIngestAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

// Probr's error bodies (docs.probr.io "POST /ingest", Réponses): `{"error": "<code>"}`. Statuses it
// does not document (415 for an unknown Content-Encoding) keep their status with `internal_error`.
const PROBR_ERRORS: Record<number, string> = {
  400: 'invalid_payload',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

/**
 * A refusal in Probr's shape rather than Sentry's: `{"error", "detail", "causes"}`, with
 * `Retry-After` on 429 and 503 and `Connection: close` on 413 (the rest of a refused body may still be
 * arriving; closing is cheaper than reading it). Anything but a FaultlineError is a bare 500.
 */
export function probrErrorAnswer(err: unknown): TagIngestAnswer {
  const status = err instanceof FaultlineError ? err.status : 500;
  const headers: Record<string, string> = {};
  if (err instanceof RateLimitedError || err instanceof UnavailableError)
    headers['retry-after'] = String(err.retryAfterSeconds);
  if (status === 413) headers.connection = 'close';
  const body: Record<string, unknown> = { error: PROBR_ERRORS[status] ?? 'internal_error' };
  if (err instanceof FaultlineError) {
    body.detail = err.message;
    if (err.causes.length > 0) body.causes = err.causes;
  }
  return { status, headers, body };
}

/**
 * Serves one tag ingest request and never throws: unexpected failures are logged and answered 500.
 * The Fastify route (seed-routes.ts) and the node:http path (direct-tag-ingest.ts) both answer
 * through here, so they cannot differ.
 */
export async function answerTagIngest(
  req: TagIngestRequest,
  deps: TagIngestDeps,
  log: IngestLog,
): Promise<TagIngestAnswer> {
  try {
    const res = await handleTagIngest(req, deps);
    return { status: res.status, headers: {}, body: res.body };
  } catch (err) {
    const answer = probrErrorAnswer(err);
    // A 503 is the expected answer to an outage or a backlog, already visible in the health check.
    if (answer.status >= 500 && answer.status !== 503) log.error({ err }, 'tag ingest failed');
    return answer;
  }
}
