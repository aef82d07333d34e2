/**
 * The web collector's events as Sentry events: the SDK's own `fingerprint` becomes Sentry's
 * `fingerprint: [fp]` (so its grouping is honoured), `anonymousId` the user, and what the collector
 * API reads back (event id, app key, session id, error type) a `collector` context. Pure: ingest
 * (src/ingest/batch-endpoint.ts) calls these.
 */
import { createHash } from 'node:crypto';
import type { CollectorEvent } from '../protocol/collector.js';

type Json = Record<string, unknown>;

/** What an event counts as in the overview: an error, a failed request, or its own type. */
export type CollectorEventKind = 'error' | 'failed_request' | string;

/** The tag that carries the kind, counted for the overview's `failedRequests`. */
export const EVENT_KIND_TAG = 'event.kind';

// The contract infers failed-request events without naming them; these are the names web SDKs use.
const REQUEST_WORDS = new Set(['request', 'http', 'xhr', 'fetch', 'ajax', 'network', 'api', 'resource']);

/** Whether an event reports a failed HTTP request, by its `type` or its `errorType`. */
export function collectorEventKind(e: Pick<CollectorEvent, 'type' | 'errorType'>): CollectorEventKind {
  const type = e.type.toLowerCase();
  const errorType = (e.errorType ?? '').toLowerCase();
  if (REQUEST_WORDS.has(type) || REQUEST_WORDS.has(errorType) || type.includes('request'))
    return 'failed_request';
  return type === 'error' ? 'error' : type;
}

/**
 * The Sentry event id of a collector event: derived from its `eventId`, so a resent event lands on
 * the same (project, event_id) and is stored once; a fresh one when the SDK sent none.
 */
export function collectorEventId(eventId: string | null | undefined, fresh: () => string): string {
  if (!eventId) return fresh();
  return createHash('md5').update(`collector:${eventId}`).digest('hex');
}

const KNOWN_FIELDS = new Set([
  'eventId',
  'appKey',
  'platform',
  'type',
  'timestamp',
  'sessionId',
  'anonymousId',
  'sdkVersion',
  'errorType',
  'message',
  'stack',
  'fingerprint',
  'breadcrumbs',
  'release',
  'environment',
  'url',
  'method',
  'status',
]);

function compact(fields: Json): Json {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

function toBreadcrumb(b: unknown, fallback: number): Json | undefined {
  if (typeof b !== 'object' || b === null || Array.isArray(b)) return undefined;
  const r = b as Json;
  const ts = typeof r.timestamp === 'number' ? r.timestamp : typeof r.ts === 'number' ? r.ts : undefined;
  return compact({
    ...r,
    ts: undefined,
    timestamp: ts === undefined ? fallback : ts > 1e11 ? ts / 1000 : ts,
  });
}

/** A short message for a failed request that came without one: `GET https://… → 500`. */
function requestMessage(e: CollectorEvent): string {
  return [e.method?.toUpperCase(), e.url, e.status !== null && e.status !== undefined ? `→ ${e.status}` : '']
    .filter(Boolean)
    .join(' ');
}

/** One collector event as a Sentry event. */
export function collectorToSentryEvent(
  e: CollectorEvent,
  ctx: { eventId: string; appKey: string; receivedAt: number },
): Json {
  const kind = collectorEventKind(e);
  const timestamp = typeof e.timestamp === 'number' ? e.timestamp / 1000 : ctx.receivedAt;
  const message = e.message || (kind === 'failed_request' ? requestMessage(e) : undefined);
  // With a stack the parsed first line names the type (`TypeError: …`); without one the SDK's
  // error type is the best name there is.
  const exception =
    kind !== 'failed_request' && (e.stack || kind === 'error')
      ? compact({
          type: e.stack ? undefined : e.errorType === 'js' || !e.errorType ? 'Error' : e.errorType,
          value: message,
          raw_stack: e.stack,
          mechanism: { type: 'onerror', handled: false },
        })
      : undefined;
  const extra = Object.fromEntries(Object.entries(e).filter(([k]) => !KNOWN_FIELDS.has(k)));
  const crumbs = (e.breadcrumbs ?? [])
    .map((b) => toBreadcrumb(b, timestamp))
    .filter((b): b is Json => b !== undefined);

  return compact({
    event_id: ctx.eventId,
    timestamp,
    platform: 'javascript',
    level: kind === 'error' || kind === 'failed_request' ? 'error' : 'info',
    release: e.release,
    environment: e.environment,
    message: exception ? undefined : message,
    exception: exception ? { values: [exception] } : undefined,
    fingerprint: e.fingerprint ? [e.fingerprint] : undefined,
    user: e.anonymousId ? { id: e.anonymousId } : undefined,
    tags: compact({
      [EVENT_KIND_TAG]: kind,
      'error.type': e.errorType,
      'sdk.version': e.sdkVersion,
      'client.platform': e.platform,
    }),
    request: kind === 'failed_request' ? compact({ url: e.url, method: e.method?.toUpperCase() }) : undefined,
    contexts: compact({
      // Read back by the collector API. `sid`, not `sessionId`: server-side scrubbing treats keys
      // that mention "session" as secrets, and this id is not one.
      collector: compact({
        eventId: e.eventId,
        appKey: ctx.appKey,
        type: e.type,
        errorType: e.errorType,
        sid: e.sessionId,
        anonymousId: e.anonymousId,
        platform: e.platform,
        sdkVersion: e.sdkVersion,
        fingerprint: e.fingerprint,
      }),
      response: e.status !== null && e.status !== undefined ? { status_code: e.status } : undefined,
    }),
    breadcrumbs: crumbs.length > 0 ? { values: crumbs } : undefined,
    extra: Object.keys(extra).length > 0 ? extra : undefined,
    sdk: { name: 'healthguard', version: e.sdkVersion || 'unknown' },
  });
}

/**
 * Release-health sessions from a batch: one Sentry `session` item per `sessionId`, its user the
 * `anonymousId`, errored when the batch reports an error in it. Sessions only ever move up, so a
 * later batch without errors leaves an errored session errored.
 */
export function collectorSessionItems(events: CollectorEvent[], receivedAt: number): Json[] {
  const sessions = new Map<
    string,
    { did?: string; errors: number; first: number; last: number; e: CollectorEvent }
  >();
  for (const e of events) {
    if (!e.sessionId) continue;
    const at = typeof e.timestamp === 'number' ? e.timestamp / 1000 : receivedAt;
    const s = sessions.get(e.sessionId) ?? { errors: 0, first: at, last: at, e };
    s.did ??= e.anonymousId ?? undefined;
    if (collectorEventKind(e) === 'error') s.errors++;
    s.first = Math.min(s.first, at);
    s.last = Math.max(s.last, at);
    sessions.set(e.sessionId, s);
  }
  return [...sessions].map(([sid, s]) =>
    compact({
      sid,
      did: s.did,
      status: 'ok',
      errors: s.errors,
      started: new Date(s.first * 1000).toISOString(),
      timestamp: new Date(s.last * 1000).toISOString(),
      attrs: compact({ release: s.e.release, environment: s.e.environment }),
    }),
  );
}
