import type { IssueEvent } from '../../storage/collector-views.js';
import type { FeedbackRecord } from '../../storage/feedback.js';
import type { IngestSettings } from '../../storage/ingest-settings.js';
import type { IssueRecord } from '../../storage/issues.js';
import type { ProjectRow } from '../../storage/projects.js';
import { iso } from '../serialize/organization.js';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** A project in the mobile SDK's shape (`/api/projects`), with Faultline's additions after. */
export function serializeSeedProject(
  p: ProjectRow,
  s: IngestSettings,
  keys: { appKey?: string; tokenPreview?: string } | undefined,
  eventsCount30d: number,
) {
  return {
    id: String(p.id),
    name: p.name,
    platform: p.platform,
    bundle_id: s.bundleId,
    token_preview: keys?.tokenPreview ?? null,
    notify_on_first_seen: s.notifyOnFirstSeen,
    notify_on_regression: s.notifyOnRegression,
    notify_on_threshold: s.notifyOnThreshold,
    paused_until: s.pausedUntil === null ? null : iso(s.pausedUntil),
    events_count_30d: eventsCount30d,
    created_at: iso(p.createdAt),
    slug: p.slug,
    organization: p.organizationSlug,
    rate_limit_per_minute: s.rateLimitPerMinute,
    app_key: keys?.appKey ?? null,
  };
}

/** An app in the web collector's shape: a project with an app key. */
export function serializeApp(p: ProjectRow, s: IngestSettings, appKey: string) {
  return {
    id: String(p.id),
    name: p.name,
    type: s.appType ?? p.platform ?? 'web',
    appKey,
    createdAt: Math.round(p.createdAt * 1000),
  };
}

/** The collector fields an event carries (collector-event.ts), else empty. */
function collectorContext(data: Json): Json {
  const contexts = isRecord(data.contexts) ? data.contexts : {};
  return isRecord(contexts.collector) ? contexts.collector : {};
}

function firstException(data: Json): Json {
  const values =
    isRecord(data.exception) && Array.isArray(data.exception.values) ? data.exception.values : [];
  const last: unknown = values.at(-1);
  return isRecord(last) ? last : {};
}

/** The SDK's fingerprint when it sent one, else the grouping hash Faultline computed. */
function fingerprintOf(data: Json): string | null {
  if (Array.isArray(data.fingerprint) && typeof data.fingerprint[0] === 'string') return data.fingerprint[0];
  return isRecord(data.grouping) ? str(data.grouping.hash) : null;
}

/** An issue in the web collector's shape (`/api/issues`), from the issue and its latest event. */
export function serializeCollectorIssue(
  issue: IssueRecord,
  appKey: string | null,
  latest: IssueEvent | undefined,
) {
  const data = latest?.data ?? {};
  const metadata = issue.metadata;
  return {
    id: String(issue.id),
    appKey,
    projectId: String(issue.projectId),
    fingerprint: fingerprintOf(data),
    message: str(metadata.value) ?? issue.title,
    errorType: str(collectorContext(data).errorType) ?? str(metadata.type),
    title: issue.title,
    level: issue.level,
    status: issue.status,
    eventCount: issue.timesSeen,
    userCount: issue.userCount,
    firstSeenAt: Math.round(issue.firstSeen * 1000),
    lastSeenAt: Math.round(issue.lastSeen * 1000),
  };
}

/** An event in the web collector's shape, whichever SDK sent it. */
export function serializeCollectorEvent(e: IssueEvent, appKey: string | null) {
  const data = e.data;
  const c = collectorContext(data);
  const ex = firstException(data);
  const user = isRecord(data.user) ? data.user : {};
  const sdk = isRecord(data.sdk) ? data.sdk : {};
  const breadcrumbs =
    isRecord(data.breadcrumbs) && Array.isArray(data.breadcrumbs.values) ? data.breadcrumbs.values : [];
  return {
    eventId: str(c.eventId) ?? e.eventId,
    id: e.eventId,
    appKey,
    platform: str(c.platform) ?? e.platform,
    type: str(c.type) ?? 'error',
    timestamp: Math.round(e.timestamp * 1000),
    sessionId: str(c.sid),
    anonymousId: str(c.anonymousId) ?? (user.id === undefined || user.id === null ? null : String(user.id)),
    sdkVersion: str(c.sdkVersion) ?? str(sdk.version),
    errorType: str(c.errorType) ?? str(ex.type),
    message: str(ex.value) ?? str(data.message) ?? e.title,
    stack: str(ex.raw_stack),
    fingerprint: fingerprintOf(data),
    breadcrumbs,
    release: e.release,
    environment: str(data.environment),
  };
}

/** Feedback in Sentry's user-report shape, with the mobile SDK's extra fields. */
export function serializeFeedback(f: FeedbackRecord) {
  return {
    id: String(f.id),
    eventID: f.eventId,
    name: f.name ?? '',
    email: f.email ?? '',
    comments: f.message,
    dateCreated: iso(f.createdAt),
    user: null,
    event: f.eventId ? { id: f.eventId, eventID: f.eventId } : null,
    issue: f.issueId === null ? null : { id: String(f.issueId) },
    url: f.url,
    appVersion: f.appVersion,
    source: f.source,
  };
}
