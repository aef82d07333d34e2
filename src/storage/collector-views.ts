import type { Kysely, Selectable, Transaction } from 'kysely';
import { toIssueRecord, type IssueRecord } from './issues.js';
import type { EventTable, Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** The collector dashboard's totals over some projects. */
export interface OverviewTotals {
  events: number;
  errors: number;
  failedRequests: number;
  affectedUsers: number;
  issues: number;
  sessions: number;
}

/**
 * Totals over the same data every API reads: stored error events, distinct users over their
 * issues, and failed requests counted through the `event.kind` tag every event carries into its
 * issue's tag counts (events are never queried inside, see schema.ts).
 */
export async function overviewTotals(db: Db, projectIds: number[], kindTag: string): Promise<OverviewTotals> {
  if (projectIds.length === 0) {
    return { events: 0, errors: 0, failedRequests: 0, affectedUsers: 0, issues: 0, sessions: 0 };
  }
  const events = await db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', 'in', projectIds)
    .where('type', '=', 'error')
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('issue_tag_values')
    .innerJoin('issues', 'issues.id', 'issue_tag_values.issue_id')
    .select((eb) => eb.fn.sum<number>('issue_tag_values.times_seen').as('n'))
    .where('issues.project_id', 'in', projectIds)
    .where('issue_tag_values.key', '=', kindTag)
    .where('issue_tag_values.value', '=', 'failed_request')
    .executeTakeFirst();
  const users = await db
    .selectFrom('issue_users')
    .innerJoin('issues', 'issues.id', 'issue_users.issue_id')
    .select((eb) => eb.fn.count<number>('issue_users.user_key').distinct().as('n'))
    .where('issues.project_id', 'in', projectIds)
    .executeTakeFirstOrThrow();
  const issues = await db
    .selectFrom('issues')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', 'in', projectIds)
    .where('merged_into', 'is', null)
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('release_sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', 'in', projectIds)
    .executeTakeFirstOrThrow();
  const total = Number(events.n);
  const failedRequests = Math.min(total, Number(failed?.n ?? 0));
  return {
    events: total,
    errors: total - failedRequests,
    failedRequests,
    affectedUsers: Number(users.n),
    issues: Number(issues.n),
    sessions: Number(sessions.n),
  };
}

/** Issues of some projects, most recently seen first. */
export async function listIssuesOfProjects(
  db: Db,
  projectIds: number[],
  limit: number,
): Promise<IssueRecord[]> {
  if (projectIds.length === 0) return [];
  const rows = await db
    .selectFrom('issues')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .where('merged_into', 'is', null)
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toIssueRecord);
}

/** A stored event as the collector API reads it. */
export interface IssueEvent {
  eventId: string;
  issueId: number | null;
  timestamp: number;
  title: string;
  platform: string;
  release: string | null;
  data: Record<string, unknown>;
}

function toIssueEvent(r: Selectable<EventTable>): IssueEvent {
  return {
    eventId: r.event_id,
    issueId: r.issue_id === null ? null : Number(r.issue_id),
    timestamp: Number(r.timestamp),
    title: r.title,
    platform: r.platform,
    release: r.release,
    data: JSON.parse(r.data) as Record<string, unknown>,
  };
}

/** The latest event of each issue (what an issue list shows its fingerprint and error type from). */
export async function latestEventPerIssue(db: Db, issueIds: number[]): Promise<Map<number, IssueEvent>> {
  const out = new Map<number, IssueEvent>();
  if (issueIds.length === 0) return out;
  const latest = await db
    .selectFrom('events')
    .select((eb) => eb.fn.max('id').as('id'))
    .where('issue_id', 'in', issueIds)
    .groupBy('issue_id')
    .execute();
  const ids = latest.map((r) => Number(r.id));
  if (ids.length === 0) return out;
  const rows = await db.selectFrom('events').selectAll().where('id', 'in', ids).execute();
  for (const r of rows) if (r.issue_id !== null) out.set(Number(r.issue_id), toIssueEvent(r));
  return out;
}

/** An issue's events, newest first. */
export async function listIssueEvents(db: Db, issueId: number, limit: number): Promise<IssueEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('issue_id', '=', issueId)
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toIssueEvent);
}

/** Events received since `since` (seconds since the epoch), per project. */
export async function countRecentEvents(
  db: Db,
  projectIds: number[],
  since: number,
): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select(['project_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('received_at', '>=', since)
    .groupBy('project_id')
    .execute();
  for (const r of rows) out.set(Number(r.project_id), Number(r.n));
  return out;
}

/** Which of these event ids a project has stored already. */
export async function storedEventIds(db: Db, projectId: number, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('events')
    .select('event_id')
    .where('project_id', '=', projectId)
    .where('event_id', 'in', eventIds)
    .execute();
  return new Set(rows.map((r) => r.event_id));
}

/** The 32-hex event id of a project's event by its row id (the mobile SDK's numeric ids). */
export async function eventIdByRowId(db: Db, projectId: number, rowId: number): Promise<string | undefined> {
  const r = await db
    .selectFrom('events')
    .select('event_id')
    .where('project_id', '=', projectId)
    .where('id', '=', rowId)
    .executeTakeFirst();
  return r?.event_id;
}
