/**
 * Release-health sessions: one rule for every source (Sentry's `session` items, the mobile
 * `POST /api/sessions`, the web collector's `sessionId`). A session is keyed by (project, id); its
 * status only moves up `ok < exited < errored < abnormal < crashed`; release, environment, OS, app
 * version, bundle id and start time come from the first report; later reports may raise the status
 * and the error count and set the duration and the end.
 */
import { normalizeEventId } from '../protocol/envelope.js';
import { SESSION_STATUSES, type SentrySession, type SentrySessionAggregates } from '../protocol/session.js';
import type { SessionStatus, StoredSession } from '../storage/sessions.js';
import { parseTimestamp } from './normalize.js';

export type { SessionStatus };

/** What one report says about a session. Times are seconds since the epoch. */
export interface SessionUpdate {
  sessionId: string;
  distinctId: string | null;
  status: SessionStatus;
  errors: number;
  release: string | null;
  environment: string | null;
  osName: string | null;
  appVersion: string | null;
  appId: string | null;
  startedAt: number;
  observedAt: number;
  durationMs: number | null;
}

/** A session as stored; `version` changes on every write (optimistic concurrency). */
export type SessionRecord = StoredSession;

/** Position of a status in the upgrade order. */
export function statusRank(status: SessionStatus): number {
  return SESSION_STATUSES.indexOf(status);
}

/** The higher of two statuses. */
export function higherStatus(a: SessionStatus, b: SessionStatus): SessionStatus {
  return statusRank(b) > statusRank(a) ? b : a;
}

/**
 * What a reported status means: Sentry's SDKs report a session that saw errors as `ok` or `exited`
 * with `errors > 0`, which release health counts as errored (develop-docs sessions, "errored").
 */
export function effectiveStatus(status: SessionStatus, errors: number): SessionStatus {
  return errors > 0 ? higherStatus(status, 'errored') : status;
}

/** Folds one report into the stored session (or starts it). Pure; storage writes the result. */
export function mergeSession(existing: SessionRecord | undefined, update: SessionUpdate): SessionRecord {
  const status = effectiveStatus(update.status, update.errors);
  const ends = status !== 'ok' ? update.observedAt : null;
  if (!existing) {
    const { observedAt, ...rest } = update;
    return { ...rest, status, updatedAt: observedAt, endedAt: ends, version: 0 };
  }
  return {
    ...existing,
    status: higherStatus(existing.status, status),
    errors: Math.max(existing.errors, update.errors),
    // An SDK may learn who the user is after the session started; it never changes afterwards.
    distinctId: existing.distinctId ?? update.distinctId,
    durationMs: update.durationMs ?? existing.durationMs,
    updatedAt: Math.max(existing.updatedAt, update.observedAt),
    endedAt: ends ?? existing.endedAt,
    version: existing.version + 1,
  };
}

function idOf(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  return String(value);
}

/** A session id in one form whether hyphenated or not, so both spellings of a UUID are one session. */
export function normalizeSessionId(sid: string): string {
  return normalizeEventId(sid) ?? sid;
}

/** A Sentry `session` item (or one built by the seed ingest APIs) as an update. */
export function sessionUpdateFromSentry(s: SentrySession, receivedAt: number): SessionUpdate {
  const observedAt = parseTimestamp(s.timestamp) ?? receivedAt;
  return {
    sessionId: normalizeSessionId(s.sid),
    distinctId: idOf(s.did),
    status: s.status ?? 'ok',
    errors: s.errors ?? 0,
    release: s.attrs?.release || null,
    environment: s.attrs?.environment || null,
    osName: s.attrs?.os_name || null,
    appVersion: s.attrs?.app_version || null,
    appId: s.attrs?.app_id || null,
    startedAt: parseTimestamp(s.started) ?? observedAt,
    observedAt,
    durationMs: s.duration === null || s.duration === undefined ? null : s.duration * 1000,
  };
}

/** One bucket of a Sentry `sessions` item, with counts per final status. */
export interface SessionAggregate {
  release: string | null;
  environment: string | null;
  distinctId: string | null;
  startedAt: number;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

/** The buckets of a Sentry `sessions` item; empty buckets are left out. */
export function sessionAggregatesFromSentry(
  s: SentrySessionAggregates,
  receivedAt: number,
): SessionAggregate[] {
  return s.aggregates
    .map((a) => ({
      release: s.attrs?.release || null,
      environment: s.attrs?.environment || null,
      distinctId: idOf(a.did),
      startedAt: parseTimestamp(a.started) ?? receivedAt,
      exited: a.exited ?? 0,
      errored: a.errored ?? 0,
      abnormal: a.abnormal ?? 0,
      crashed: a.crashed ?? 0,
    }))
    .filter((a) => a.exited + a.errored + a.abnormal + a.crashed > 0);
}
