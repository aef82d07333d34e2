import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Sets the bookmark, seen and assignee fields of some issues (only those given). */
export async function setIssueFlags(
  db: Db,
  issueIds: number[],
  patch: { hasSeen?: boolean; isBookmarked?: boolean; assignedTo?: string | null },
): Promise<void> {
  const set = {
    ...(patch.hasSeen !== undefined ? { has_seen: patch.hasSeen ? 1 : 0 } : {}),
    ...(patch.isBookmarked !== undefined ? { is_bookmarked: patch.isBookmarked ? 1 : 0 } : {}),
    ...(patch.assignedTo !== undefined ? { assigned_to: patch.assignedTo } : {}),
  };
  if (issueIds.length === 0 || Object.keys(set).length === 0) return;
  await db.updateTable('issues').set(set).where('id', 'in', issueIds).execute();
}

/**
 * Deletes issues with everything recorded for them: their events and those events' attachments,
 * grouping hashes, users and tag counts (by cascade), and the tombstones of issues merged into them.
 * A later event with one of their hashes starts a new issue.
 */
export async function deleteIssues(db: Kysely<Schema>, issueIds: number[]): Promise<void> {
  if (issueIds.length === 0) return;
  await db.transaction().execute(async (tx) => {
    const tombstones = await tx
      .selectFrom('issues')
      .select('id')
      .where('merged_into', 'in', issueIds)
      .execute();
    const all = [...issueIds, ...tombstones.map((t) => Number(t.id))];
    await sql`DELETE FROM attachments WHERE (project_id, event_id) IN
              (SELECT project_id, event_id FROM events WHERE issue_id IN (${sql.join(all)}))`.execute(tx);
    await tx.deleteFrom('events').where('issue_id', 'in', all).execute();
    await tx.deleteFrom('issues').where('id', 'in', all).execute();
  });
}

/** A project's releases with the time each was first seen. */
export async function listReleases(
  db: Db,
  projectId: number,
): Promise<{ version: string; firstSeen: number }[]> {
  const rows = await db
    .selectFrom('releases')
    .select(['version', 'first_seen'])
    .where('project_id', '=', projectId)
    .execute();
  return rows.map((r) => ({ version: r.version, firstSeen: Number(r.first_seen) }));
}

export interface TagValueCount {
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

export interface TagKeySummary {
  key: string;
  /** Events counted under the key. */
  totalValues: number;
  uniqueValues: number;
  topValues: TagValueCount[];
}

/** Per tag key of an issue: event and distinct-value counts and the `top` most frequent values. */
export async function summarizeIssueTags(
  db: Db,
  issueId: number,
  opts: { key?: string; top: number },
): Promise<TagKeySummary[]> {
  const keyFilter = opts.key === undefined ? sql`` : sql`AND key = ${opts.key}`;
  const totals = await sql<{ key: string; total: number; uniq: number }>`
    SELECT key, SUM(times_seen) AS total, COUNT(*) AS uniq
    FROM issue_tag_values WHERE issue_id = ${issueId} ${keyFilter}
    GROUP BY key ORDER BY key`.execute(db);
  const top = await sql<{
    key: string;
    value: string;
    times_seen: number;
    first_seen: number;
    last_seen: number;
  }>`
    SELECT key, value, times_seen, first_seen, last_seen FROM (
      SELECT key, value, times_seen, first_seen, last_seen,
             ROW_NUMBER() OVER (PARTITION BY key ORDER BY times_seen DESC, value) AS rank
      FROM issue_tag_values WHERE issue_id = ${issueId} ${keyFilter}
    ) ranked WHERE rank <= ${opts.top} ORDER BY key, times_seen DESC, value`.execute(db);
  const byKey = new Map<string, TagValueCount[]>();
  for (const r of top.rows) {
    let list = byKey.get(r.key);
    if (!list) byKey.set(r.key, (list = []));
    list.push({
      value: r.value,
      count: Number(r.times_seen),
      firstSeen: Number(r.first_seen),
      lastSeen: Number(r.last_seen),
    });
  }
  return totals.rows.map((r) => ({
    key: r.key,
    totalValues: Number(r.total),
    uniqueValues: Number(r.uniq),
    topValues: byKey.get(r.key) ?? [],
  }));
}

/** Values of one tag key of an issue, in the given order, at most `limit`. */
export async function listTagValues(
  db: Db,
  issueId: number,
  key: string,
  order: { by: 'count' | 'lastSeen' | 'firstSeen'; desc: boolean },
  limit: number,
): Promise<TagValueCount[]> {
  const column = { count: 'times_seen', lastSeen: 'last_seen', firstSeen: 'first_seen' } as const;
  const dir = order.desc ? 'desc' : 'asc';
  const rows = await db
    .selectFrom('issue_tag_values')
    .select(['value', 'times_seen', 'first_seen', 'last_seen'])
    .where('issue_id', '=', issueId)
    .where('key', '=', key)
    .orderBy(column[order.by], dir)
    .orderBy('value', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    value: r.value,
    count: Number(r.times_seen),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  }));
}

export interface UserRef {
  id: number;
  email: string;
}

/** Users by id (for assignees). */
export async function findUsersByIds(db: Db, ids: number[]): Promise<Map<number, UserRef>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), email: r.email }]));
}

/** A user who may be assigned issues of an organization (a member, or a superuser), by id or email. */
export async function findAssignableUser(
  db: Db,
  organizationId: number,
  ref: { id: number } | { email: string },
): Promise<UserRef | undefined> {
  let q = db
    .selectFrom('users')
    .leftJoin('members', (j) =>
      j.onRef('members.user_id', '=', 'users.id').on('members.organization_id', '=', organizationId),
    )
    .select(['users.id', 'users.email'])
    .where((eb) => eb.or([eb('members.user_id', 'is not', null), eb('users.is_superuser', '=', 1)]));
  q =
    'id' in ref
      ? q.where('users.id', '=', ref.id)
      : q.where('users.email', '=', ref.email.trim().toLowerCase());
  const r = await q.executeTakeFirst();
  return r && { id: Number(r.id), email: r.email };
}

/**
 * The issue an id names now: itself, or the issue it was merged into (following merges of merges);
 * undefined when there is no such issue.
 */
export async function resolveIssueId(db: Db, issueId: number): Promise<number | undefined> {
  let id = issueId;
  // A merge chain is short; the bound only guards against a cycle a bad manual edit could make.
  for (let hops = 0; hops < 16; hops++) {
    const r = await db.selectFrom('issues').select('merged_into').where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    if (r.merged_into === null) return id;
    id = Number(r.merged_into);
  }
  return undefined;
}
