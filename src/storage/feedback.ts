import type { Kysely, Transaction } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface FeedbackInsert {
  projectId: number;
  /** The event it is about (32 hex), if any; the issue is found through it when read. */
  eventId: string | null;
  name: string | null;
  email: string | null;
  message: string;
  url: string | null;
  appVersion: string | null;
  source: 'api' | 'user_report' | 'feedback';
  /** Set for items that may be delivered twice (Sentry envelope items); null for API posts. */
  dedupeKey: string | null;
  createdAt: number;
}

export interface FeedbackRecord extends Omit<FeedbackInsert, 'dedupeKey'> {
  id: number;
  issueId: number | null;
}

/** Stores feedback; returns its id, or undefined when its dedupe key was stored already. */
export async function insertFeedback(db: Db, f: FeedbackInsert): Promise<number | undefined> {
  const row = await db
    .insertInto('user_feedback')
    .values({
      project_id: f.projectId,
      event_id: f.eventId,
      name: f.name,
      email: f.email,
      message: f.message,
      url: f.url,
      app_version: f.appVersion,
      source: f.source,
      dedupe_key: f.dedupeKey,
      created_at: f.createdAt,
    })
    .onConflict((oc) => oc.columns(['project_id', 'dedupe_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row === undefined ? undefined : Number(row.id);
}

/**
 * Feedback of a project, or of one issue (through the events it is about), newest first. The
 * issue is looked up when read because feedback may arrive before its event is digested.
 */
export async function listFeedback(
  db: Db,
  where: { projectId: number; issueId?: number },
  limit = 100,
): Promise<FeedbackRecord[]> {
  let q = db
    .selectFrom('user_feedback')
    .leftJoin('events', (join) =>
      join
        .onRef('events.project_id', '=', 'user_feedback.project_id')
        .onRef('events.event_id', '=', 'user_feedback.event_id'),
    )
    .selectAll('user_feedback')
    .select('events.issue_id')
    .where('user_feedback.project_id', '=', where.projectId);
  if (where.issueId !== undefined) q = q.where('events.issue_id', '=', where.issueId);
  const rows = await q
    .orderBy('user_feedback.created_at', 'desc')
    .orderBy('user_feedback.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    projectId: Number(r.project_id),
    eventId: r.event_id,
    name: r.name,
    email: r.email,
    message: r.message,
    url: r.url,
    appVersion: r.app_version,
    source: r.source as FeedbackRecord['source'],
    createdAt: Number(r.created_at),
    issueId: r.issue_id === null ? null : Number(r.issue_id),
  }));
}

/** Deletes the feedback about an issue's events (GDPR erasure deletes the issue with them). */
export async function deleteFeedbackOfIssue(db: Db, projectId: number, issueId: number): Promise<void> {
  await db
    .deleteFrom('user_feedback')
    .where('project_id', '=', projectId)
    .where('event_id', 'in', (eb) =>
      eb
        .selectFrom('events')
        .select('event_id')
        .where('project_id', '=', projectId)
        .where('issue_id', '=', issueId),
    )
    .execute();
}
