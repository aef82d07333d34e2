import { eventTags } from '../../processing/assign-issue.js';
import { userKey } from '../../processing/user-key.js';
import type { NormalizedEvent, RequestInfo, Stacktrace } from '../../protocol/event.js';
import type { StoredEvent } from '../../storage/events.js';
import { iso } from './organization.js';

/** What the digest stores beside the normalized event (src/processing/pipeline.ts). */
type StoredEventData = Partial<NormalizedEvent> & {
  culprit?: string;
  metadata?: Record<string, unknown>;
  grouping?: { version?: string; hash?: string };
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stored document, with the few fields this file relies on checked rather than trusted. */
function readData(e: StoredEvent): StoredEventData & { tags: [string, string][] } {
  const d = e.data as StoredEventData;
  const tags = Array.isArray(d.tags)
    ? d.tags.filter(
        (t): t is [string, string] =>
          Array.isArray(t) && typeof t[0] === 'string' && typeof t[1] === 'string',
      )
    : [];
  return { ...d, tags };
}

function messageOf(d: StoredEventData): string {
  const l = d.logentry;
  return l?.formatted ?? l?.message ?? (typeof d.message === 'string' ? d.message : '');
}

/** Tags as Sentry lists them on an event: its own and the derived ones, by key. */
function tagList(e: StoredEvent, d: ReturnType<typeof readData>): { key: string; value: string }[] {
  const full = { ...d, level: d.level ?? (e.level as NormalizedEvent['level']) } as NormalizedEvent;
  return eventTags(full, userKey(full))
    .map(([key, value]) => ({ key, value }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function pairs(v: unknown): [string, string][] | undefined {
  if (Array.isArray(v)) return v.filter((p): p is [string, string] => Array.isArray(p) && p.length === 2);
  if (isRecord(v)) return Object.entries(v).map(([k, x]) => [k, String(x)]);
  if (typeof v === 'string') return [...new URLSearchParams(v)];
  return undefined;
}

/** Sentry's request interface as its API shows it: query, headers and cookies as pairs. */
function requestEntry(r: RequestInfo) {
  const headers = (pairs(r.headers) ?? []).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const contentType = headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  return {
    url: r.url ?? null,
    method: r.method ?? null,
    query: pairs(r.query_string) ?? [],
    fragment: typeof r.fragment === 'string' ? r.fragment : null,
    headers,
    cookies: pairs(r.cookies) ?? [],
    data: r.data ?? null,
    env: r.env ?? null,
    inferredContentType: contentType?.split(';')[0]?.trim() ?? null,
  };
}

function hasSystemFrames(values: { stacktrace?: Stacktrace }[]): boolean {
  return values.some((v) => (v.stacktrace?.frames ?? []).some((f) => f.in_app !== true));
}

/** Sentry's `entries`: the interfaces of the event, most telling first. */
function entriesOf(d: StoredEventData): { type: string; data: unknown }[] {
  const entries: { type: string; data: unknown }[] = [];
  const exception = d.exception?.values;
  if (d.logentry || (typeof d.message === 'string' && d.message)) {
    entries.push({
      type: 'message',
      data: {
        formatted: messageOf(d),
        message: d.logentry?.message ?? null,
        params: d.logentry?.params ?? null,
      },
    });
  }
  if (Array.isArray(exception) && exception.length > 0) {
    entries.push({
      type: 'exception',
      data: { values: exception, hasSystemFrames: hasSystemFrames(exception), excOmitted: null },
    });
  }
  const st = d.stacktrace;
  if (isRecord(st) && Array.isArray(st.frames)) entries.push({ type: 'stacktrace', data: st });
  if (d.threads && Array.isArray(d.threads.values)) entries.push({ type: 'threads', data: d.threads });
  if (d.breadcrumbs && Array.isArray(d.breadcrumbs.values))
    entries.push({ type: 'breadcrumbs', data: { values: d.breadcrumbs.values } });
  if (isRecord(d.request)) entries.push({ type: 'request', data: requestEntry(d.request) });
  return entries;
}

/** Processing errors in Sentry's shape, from what normalization recorded in `_meta`. */
function errorsOf(d: StoredEventData): { type: string; message: string; data: Record<string, unknown> }[] {
  const trimmed = d._meta?.trimmed;
  if (!Array.isArray(trimmed)) return [];
  return trimmed.filter(isRecord).map((t) => ({
    type: 'value_too_long',
    message: `Discarded value: ${String(t.field)} was cut from ${String(t.original)} to ${String(t.kept)}`,
    data: { name: t.field, original: t.original, kept: t.kept },
  }));
}

/** The short event shape of Sentry's event lists (`GET /issues/{id}/events/`). */
export function serializeEventSummary(e: StoredEvent) {
  const d = readData(e);
  const type = d.exception ? 'error' : e.type === 'error' ? 'default' : e.type;
  return {
    id: e.eventId,
    'event.type': type,
    groupID: e.issueId === null ? null : String(e.issueId),
    eventID: e.eventId,
    projectID: String(e.projectId),
    message: messageOf(d),
    title: e.title,
    location: d.transaction ?? d.culprit ?? null,
    culprit: d.culprit ?? null,
    user: d.user ?? null,
    tags: tagList(e, d),
    platform: e.platform,
    dateCreated: iso(e.timestamp),
    crashFile: null,
    metadata: d.metadata ?? {},
  };
}

/**
 * A full event in the shape of Sentry's event endpoints: Sentry's fields (entries, tags, contexts …)
 * followed by the stored document itself under `data`, so nothing the SDK sent is out of reach.
 */
export function serializeEvent(
  e: StoredEvent,
  around: { previousEventID?: string | null; nextEventID?: string | null } = {},
) {
  const d = readData(e);
  const summary = serializeEventSummary(e);
  const { 'event.type': type, ...rest } = summary;
  return {
    ...rest,
    type,
    dateReceived: iso(e.receivedAt),
    size: Buffer.byteLength(JSON.stringify(e.data)),
    entries: entriesOf(d),
    contexts: d.contexts ?? {},
    context: d.extra ?? {},
    sdk: d.sdk ?? null,
    packages: d.modules ?? {},
    release: e.release === null ? null : { version: e.release, shortVersion: e.release },
    environment: e.environment,
    dist: d.dist ?? null,
    fingerprints: d.grouping?.hash ? [d.grouping.hash] : [],
    groupingConfig: { id: `faultline:${d.grouping?.version ?? 'v1'}`, enhancements: '' },
    errors: errorsOf(d),
    _meta: d._meta ?? {},
    userReport: null,
    sdkUpdates: [],
    occurrence: null,
    previousEventID: around.previousEventID ?? null,
    nextEventID: around.nextEventID ?? null,
    data: e.data,
  };
}
