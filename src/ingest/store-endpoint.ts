import { RateLimitedError, UnavailableError, ValidationError } from '../lib/errors.js';
import { newEventId } from '../lib/ids.js';
import { extractAuth } from '../protocol/auth.js';
import { normalizeEventId } from '../protocol/envelope.js';
import { formatRateLimitsHeader } from '../protocol/rate-limits.js';
import { decodeStoreBody } from '../protocol/store-body.js';
import { SpoolWriteError } from '../storage/intake-spool.js';
import { authorizeProjectKey, parseProjectIdParam } from './authenticate.js';
import type { IngestDeps } from './ingest-deps.js';
import type { IngestRequest, IngestResponse } from './ingest-request.js';
import { guardJsonPayload } from './json-item-guard.js';
import { applyCategoryLimits, checkBeforeBody } from './rate-limits.js';
import { readBody } from './read-body.js';

/** POST /api/:projectId/store/ — the legacy single-event endpoint, still used by older SDKs. */
export async function handleStore(req: IngestRequest, deps: IngestDeps): Promise<IngestResponse> {
  const projectId = parseProjectIdParam(req.projectIdParam);
  const key = await authorizeProjectKey(deps.db, deps.keys, projectId, extractAuth(req.headers, req.query));
  checkBeforeBody(key, deps);

  const wire = await readBody(req.body, {
    contentEncoding: req.headers['content-encoding'] as string | undefined,
    contentLength: req.contentLength,
    maxWireBytes: deps.limits.storeWireBytes,
    maxDecodedBytes: deps.limits.storeDecodedBytes,
  });
  const body = decodeStoreBody(wire);
  guardJsonPayload(body, 'the event');
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ValidationError(
      'invalid event payload: not valid JSON',
      [(err as Error).message],
      'invalid_json',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError('invalid event payload: expected a JSON object', [], 'invalid_json');
  }
  const given = (parsed as { event_id?: unknown }).event_id;
  const eventId = given === undefined || given === null ? newEventId() : normalizeEventId(given);
  if (!eventId) throw new ValidationError('invalid event_id', [], 'invalid_json');

  const category = (parsed as { type?: unknown }).type === 'transaction' ? 'transaction' : 'error';
  const { limits } = applyCategoryLimits(key, deps, new Map([[category, 1]]));
  if (limits.length > 0)
    throw new RateLimitedError(limits[0]!.retryAfterSeconds, 'rate limited', formatRateLimitsHeader(limits));

  try {
    await deps.spool.append({ projectId, kind: 'store', eventId, receivedAt: req.receivedAt, body });
  } catch (err) {
    if (err instanceof SpoolWriteError) throw new UnavailableError('cannot store the event right now', 10);
    throw err;
  }
  return { status: 200, body: { id: eventId } };
}
