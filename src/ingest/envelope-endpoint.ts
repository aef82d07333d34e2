import {
  ForbiddenError,
  PayloadTooLargeError,
  RateLimitedError,
  UnavailableError,
  ValidationError,
} from '../lib/errors.js';
import { newEventId } from '../lib/ids.js';
import { authFromEnvelopeDsn, extractAuth } from '../protocol/auth.js';
import {
  itemCategory,
  normalizeEventId,
  parseEnvelope,
  serializeEnvelope,
  type DataCategory,
  type Envelope,
} from '../protocol/envelope.js';
import { formatRateLimitsHeader } from '../protocol/rate-limits.js';
import { SpoolWriteError } from '../storage/intake-spool.js';
import { authorizeProjectKey, parseProjectIdParam, type AuthorizedKey } from './authenticate.js';
import type { IngestDeps } from './ingest-deps.js';
import type { IngestRequest, IngestResponse } from './ingest-request.js';
import { guardJsonPayload } from './json-item-guard.js';
import { applyCategoryLimits, checkBeforeBody } from './rate-limits.js';
import { readBody } from './read-body.js';

export type { IngestDeps } from './ingest-deps.js';

// Items that belong to an event and need its id (Relay's `requires_event`).
const NEEDS_EVENT_ID = new Set([
  'event',
  'transaction',
  'attachment',
  'user_report',
  'security',
  'raw_security',
]);
// Items whose payload is JSON that the digest will parse: checked here so a hostile one gets a 400.
const JSON_ITEMS = new Set([
  'event',
  'transaction',
  'user_report',
  'feedback',
  'session',
  'sessions',
  'client_report',
  'check_in',
]);
// Items that carry the event itself; Relay refuses an envelope with two of them, and so do we, so
// that one intake record never costs the digest more than one event.
const EVENT_ITEMS = new Set(['event', 'transaction', 'security', 'raw_security']);
const MAX_ATTACHMENTS = 30;
/** Relay's `max_event_size`: the digest parses these items whole, so each must stay small. */
export const MAX_JSON_ITEM_BYTES = 1024 * 1024;
/**
 * SDKs send a handful of items; a compressed body of 100 MiB of empty items would otherwise cost a
 * parsed header each (gigabytes) before anything else could refuse it.
 */
export const MAX_ITEMS = 1000;

/** The event id the envelope is about: its header, else the event item's own id, else a new one. */
function resolveEventId(envelope: Envelope): string | null {
  const fromHeader = envelope.headers.event_id;
  if (fromHeader !== undefined && fromHeader !== null) {
    const id = normalizeEventId(fromHeader);
    if (!id) throw new ValidationError('invalid event_id in envelope header', [], 'invalid_envelope');
    return id;
  }
  if (!envelope.items.some((i) => NEEDS_EVENT_ID.has(i.headers.type))) return null;
  const eventItem = envelope.items.find(
    (i) => i.headers.type === 'event' || i.headers.type === 'transaction',
  );
  if (eventItem) {
    try {
      const id = normalizeEventId(
        (JSON.parse(eventItem.payload.toString('utf8')) as { event_id?: unknown }).event_id,
      );
      if (id) return id;
    } catch {
      // Invalid JSON is the digest's to report; the envelope still gets an id.
    }
  }
  return newEventId();
}

/** Refuses what the digest could not store or could not afford: 400 or 413, before spooling. */
function checkItems(envelope: Envelope): void {
  let events = 0;
  for (const item of envelope.items) {
    const type = item.headers.type;
    if (EVENT_ITEMS.has(type) && ++events > 1) {
      throw new ValidationError(
        `invalid envelope: more than one event item (${type})`,
        [],
        'invalid_envelope',
      );
    }
    // PostgreSQL text cannot hold U+0000, and header strings (attachment names, content types)
    // are stored as text: a NUL there would fail the digest on PostgreSQL alone, again and again.
    for (const value of Object.values(item.headers)) {
      if (typeof value === 'string' && value.includes('\u0000')) {
        throw new ValidationError(
          'invalid envelope: an item header contains a NUL character',
          [],
          'invalid_envelope',
        );
      }
    }
    if (!JSON_ITEMS.has(type)) continue;
    if (item.payload.length > MAX_JSON_ITEM_BYTES) {
      throw new PayloadTooLargeError(`the ${type} item exceeds ${MAX_JSON_ITEM_BYTES} bytes`);
    }
    guardJsonPayload(item.payload, `the ${type} item`);
  }
}

/** Authenticates from the request, or failing that from the envelope's own `dsn` header. */
async function authorize(
  req: IngestRequest,
  deps: IngestDeps,
  projectId: number,
  envelopeDsn: unknown,
  fromRequest: AuthorizedKey | undefined,
): Promise<AuthorizedKey> {
  if (typeof envelopeDsn === 'string' && envelopeDsn) {
    const fromDsn = authFromEnvelopeDsn(envelopeDsn);
    if (fromRequest) {
      if (fromDsn.publicKey !== fromRequest.publicKey || fromDsn.projectId !== String(projectId)) {
        throw new ForbiddenError(
          'the envelope dsn does not match the request authentication',
          'auth_mismatch',
        );
      }
      return fromRequest;
    }
    if (fromDsn.projectId !== String(projectId))
      throw new ForbiddenError('invalid project id or key', 'project_not_found');
    return authorizeProjectKey(deps.db, deps.keys, projectId, fromDsn);
  }
  return fromRequest ?? authorizeProjectKey(deps.db, deps.keys, projectId, undefined);
}

/** POST /api/:projectId/envelope/ — authenticate, limit, cap, frame, spool durably, then answer. */
export async function handleEnvelope(req: IngestRequest, deps: IngestDeps): Promise<IngestResponse> {
  const projectId = parseProjectIdParam(req.projectIdParam);
  const auth = extractAuth(req.headers, req.query);
  // With request auth we can refuse before reading a byte; envelope-header (dsn) auth needs the body.
  const early = auth ? await authorizeProjectKey(deps.db, deps.keys, projectId, auth) : undefined;
  if (early) checkBeforeBody(early, deps);

  const body = await readBody(req.body, {
    contentEncoding: req.headers['content-encoding'] as string | undefined,
    contentLength: req.contentLength,
    maxWireBytes: deps.limits.envelopeWireBytes,
    maxDecodedBytes: deps.limits.envelopeDecodedBytes,
  });
  const envelope = parseEnvelope(body, {
    maxHeaderLineBytes: deps.limits.headerLineBytes,
    maxItems: MAX_ITEMS,
  });
  const key = await authorize(req, deps, projectId, envelope.headers.dsn, early);
  if (!early) checkBeforeBody(key, deps);

  if (envelope.items.filter((i) => i.headers.type === 'attachment').length > MAX_ATTACHMENTS) {
    throw new PayloadTooLargeError(`too many attachments: at most ${MAX_ATTACHMENTS} per envelope`);
  }
  checkItems(envelope);
  const eventId = resolveEventId(envelope);

  const counts = new Map<DataCategory, number>();
  for (const item of envelope.items) {
    const c = itemCategory(item.headers.type);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const { dropped, limits } = applyCategoryLimits(key, deps, counts);
  const header = limits.length > 0 ? formatRateLimitsHeader(limits) : undefined;
  const kept =
    dropped.size === 0
      ? envelope.items
      : envelope.items.filter((i) => !dropped.has(itemCategory(i.headers.type)));
  if (kept.length === 0 && envelope.items.length > 0) {
    throw new RateLimitedError(Math.max(...limits.map((l) => l.retryAfterSeconds)), 'rate limited', header);
  }
  // Only on the rate-limited path is the envelope rewritten; otherwise the bytes are kept as received.
  const stored = dropped.size === 0 ? body : serializeEnvelope({ headers: envelope.headers, items: kept });

  try {
    await deps.spool.append({
      projectId,
      kind: 'envelope',
      eventId,
      receivedAt: req.receivedAt,
      body: stored,
    });
  } catch (err) {
    if (err instanceof SpoolWriteError) throw new UnavailableError('cannot store the envelope right now', 10);
    throw err;
  }
  return {
    status: 200,
    body: eventId ? { id: eventId } : {},
    ...(header ? { headers: { 'x-sentry-rate-limits': header } } : {}),
  };
}
