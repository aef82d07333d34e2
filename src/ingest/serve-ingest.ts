import { UnavailableError } from '../lib/errors.js';
import { toHttpError } from '../lib/http-errors.js';
import { handleEnvelope } from './envelope-endpoint.js';
import type { IngestDeps } from './ingest-deps.js';
import type { IngestRequest, IngestResponse } from './ingest-request.js';
import { handleStore } from './store-endpoint.js';

/** The two SDK endpoints that share this door: `/api/:projectId/envelope/` and `/api/:projectId/store/`. */
export type IngestEndpoint = 'envelope' | 'store';

const HANDLERS: Record<IngestEndpoint, (req: IngestRequest, deps: IngestDeps) => Promise<IngestResponse>> = {
  envelope: handleEnvelope,
  store: handleStore,
};

/** A finished answer to an SDK: what to write, whichever server writes it. */
export interface IngestAnswer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Where a failed request is reported: the app's logger. */
export interface IngestLog {
  error(obj: { err: unknown }, msg: string): void;
}

/**
 * Serves one SDK request: sheds load, runs the endpoint, counts the result, and maps a refusal to
 * its documented status and JSON body (src/lib/http-errors.ts). Never throws. Both the Fastify
 * routes and the direct node:http path (direct-ingest.ts) answer through here, so they cannot differ.
 */
export async function answerIngest(
  endpoint: IngestEndpoint,
  req: IngestRequest,
  deps: IngestDeps,
  log: IngestLog,
): Promise<IngestAnswer> {
  let counted = false;
  try {
    if (deps.inFlight.count >= deps.inFlight.max) {
      throw new UnavailableError('too many requests in flight; retry later', 5);
    }
    deps.inFlight.count++;
    counted = true;
    const res = await HANDLERS[endpoint](req, deps);
    deps.metrics.ingestRequests.inc({ endpoint, status: String(res.status), reason: 'accepted' });
    return { status: res.status, headers: res.headers ?? {}, body: res.body };
  } catch (err) {
    const { status, headers, body } = toHttpError(err);
    const code = (err as { code?: unknown }).code;
    deps.metrics.ingestRequests.inc({
      endpoint,
      status: String(status),
      reason: typeof code === 'string' ? code : 'internal',
    });
    if (status >= 500) log.error({ err }, 'request failed');
    // A refused body may still be arriving; closing is cheaper than reading the rest of it.
    if (status === 413) headers.connection = 'close';
    return { status, headers, body };
  } finally {
    if (counted) deps.inFlight.count--;
  }
}
