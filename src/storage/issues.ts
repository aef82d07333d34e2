import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { IssueStatus, IssueSubstatus, IssueTable, Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export interface NewIssue {
  projectId: number;
  title: string;
  culprit: string;
  type: string;
  level: string;
  platform: string;
  metadata: Record<string, unknown>;
  timestamp: number;
  release: string | null;
}

export interface IssueCounters {
  timesSeen: number;
  userCount: number;
  status: IssueStatus;
  substatus: IssueSubstatus;
  statusDetails: Record<string, unknown>;
}

export interface IssueRecord {
  id: number;
  projectId: number;
  title: string;
  culprit: string;
  type: string;
  level: string;
  platform: string;
  metadata: Record<string, unknown>;
  status: IssueStatus;
  substatus: IssueSubstatus;
  statusDetails: Record<string, unknown>;
  firstSeen: number;
  lastSeen: number;
  timesSeen: number;
  userCount: number;
  firstRelease: string | null;
  lastRelease: string | null;
  resolvedAt: number | null;
  assignedTo: string | null;
  hasSeen: boolean;
  isBookmarked: boolean;
}

/** Maps a stored issue row to the record the rest of Faultline reads. */
export function toIssueRecord(r: Selectable<IssueTable>): IssueRecord {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    title: r.title,
    culprit: r.culprit,
    type: r.type,
    level: r.level,
    platform: r.platform,
    metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    status: r.status,
    substatus: r.substatus,
    statusDetails: JSON.parse(r.status_details) as Record<string, unknown>,
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
    timesSeen: Number(r.times_seen),
    userCount: Number(r.user_count),
    firstRelease: r.first_release,
    lastRelease: r.last_release,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    assignedTo: r.assigned_to,
    hasSeen: r.has_seen === 1,
    isBookmarked: r.is_bookmarked === 1,
  };
}

/** The issue a grouping hash belongs to, if any. */
export async function findIssueIdByHash(
  db: Db,
  projectId: number,
  hash: string,
): Promise<number | undefined> {
  const r = await db
    .selectFrom('issue_hashes')
    .select('issue_id')
    .where('project_id', '=', projectId)
    .where('hash', '=', hash)
    .executeTakeFirst();
  return r === undefined ? undefined : Number(r.issue_id);
}

/**
 * Creates an issue for a hash seen for the first time. When another Faultline process created one for
 * the same hash meanwhile (several processes on one PostgreSQL), ours is discarded and theirs returned.
 */
export async function createIssueForHash(
  db: Db,
  issue: NewIssue,
  hash: string,
  groupingVersion: string,
): Promise<{ id: number; created: boolean }> {
  const row = await db
    .insertInto('issues')
    .values({
      project_id: issue.projectId,
      title: issue.title,
      culprit: issue.culprit,
      type: issue.type,
      level: issue.level,
      platform: issue.platform,
      metadata: JSON.stringify(issue.metadata),
      first_seen: issue.timestamp,
      last_seen: issue.timestamp,
      first_release: issue.release,
      last_release: issue.release,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(row.id);
  const linked = await db
    .insertInto('issue_hashes')
    .values({
      project_id: issue.projectId,
      hash,
      grouping_version: groupingVersion,
      issue_id: id,
      created_at: issue.timestamp,
    })
    .onConflict((oc) => oc.columns(['project_id', 'hash']).doNothing())
    .returning('issue_id')
    .executeTakeFirst();
  if (linked) return { id, created: true };
  await db.deleteFrom('issues').where('id', '=', id).execute();
  const existing = await findIssueIdByHash(db, issue.projectId, hash);
  if (existing === undefined) throw new Error(`grouping hash ${hash} vanished while creating its issue`);
  return { id: existing, created: false };
}

/** Counts one more event on an issue: counters, last seen, release, distinct users and tag values. */
export async function recordIssueEvent(
  db: Db,
  issueId: number,
  e: {
    timestamp: number;
    release: string | null;
    level: string;
    userKey: string | undefined;
    tags: [string, string][];
  },
): Promise<IssueCounters> {
  let newUser = false;
  if (e.userKey !== undefined) {
    const inserted = await db
      .insertInto('issue_users')
      .values({ issue_id: issueId, user_key: e.userKey })
      .onConflict((oc) => oc.columns(['issue_id', 'user_key']).doNothing())
      .returning('issue_id')
      .executeTakeFirst();
    newUser = inserted !== undefined;
  }
  const row = await db
    .updateTable('issues')
    .set({
      times_seen: sql`times_seen + 1`,
      user_count: newUser ? sql`user_count + 1` : sql`user_count`,
      last_seen: sql`CASE WHEN last_seen < ${e.timestamp} THEN ${e.timestamp} ELSE last_seen END`,
      first_seen: sql`CASE WHEN first_seen > ${e.timestamp} THEN ${e.timestamp} ELSE first_seen END`,
      ...(e.release !== null ? { last_release: e.release } : {}),
      first_release: sql`COALESCE(first_release, ${e.release})`,
    })
    .where('id', '=', issueId)
    .returning(['times_seen', 'user_count', 'status', 'substatus', 'status_details'])
    .executeTakeFirstOrThrow();

  if (e.tags.length > 0) {
    // One statement for every tag of the event: the digest's hottest write.
    await db
      .insertInto('issue_tag_values')
      .values(
        dedupeTags(e.tags).map(([key, value]) => ({
          issue_id: issueId,
          key,
          value,
          times_seen: 1,
          first_seen: e.timestamp,
          last_seen: e.timestamp,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['issue_id', 'key', 'value']).doUpdateSet({
          times_seen: sql`issue_tag_values.times_seen + 1`,
          last_seen: sql`CASE WHEN issue_tag_values.last_seen < excluded.last_seen THEN excluded.last_seen ELSE issue_tag_values.last_seen END`,
        }),
      )
      .execute();
  }
  return {
    timesSeen: Number(row.times_seen),
    userCount: Number(row.user_count),
    status: row.status,
    substatus: row.substatus,
    statusDetails: JSON.parse(row.status_details) as Record<string, unknown>,
  };
}

function dedupeTags(tags: [string, string][]): [string, string][] {
  const seen = new Map<string, [string, string]>();
  for (const t of tags) seen.set(`${t[0]}\u0000${t[1]}`, t);
  return [...seen.values()];
}

/** Sets status, substatus and details (resolve, ignore, reopen, regression). */
export async function setIssueStatus(
  db: Db,
  issueId: number,
  status: IssueStatus,
  substatus: IssueSubstatus,
  details: Record<string, unknown>,
  at: number,
): Promise<void> {
  await db
    .updateTable('issues')
    .set({
      status,
      substatus,
      status_details: JSON.stringify(details),
      resolved_at: status === 'resolved' ? at : null,
    })
    .where('id', '=', issueId)
    .execute();
}

/** Records that a release exists (first seen now if new), for ordering releases by age. */
export async function ensureRelease(db: Db, projectId: number, version: string, at: number): Promise<void> {
  await db
    .insertInto('releases')
    .values({ project_id: projectId, version, first_seen: at })
    .onConflict((oc) => oc.columns(['project_id', 'version']).doNothing())
    .execute();
}

/** First-seen times of a project's releases, for ordering names that are not semver. */
export async function releaseFirstSeen(
  db: Db,
  projectId: number,
  versions: string[],
): Promise<Map<string, number>> {
  if (versions.length === 0) return new Map();
  const rows = await db
    .selectFrom('releases')
    .select(['version', 'first_seen'])
    .where('project_id', '=', projectId)
    .where('version', 'in', versions)
    .execute();
  return new Map(rows.map((r) => [r.version, Number(r.first_seen)]));
}

/** One issue by id. */
export async function getIssue(db: Db, issueId: number): Promise<IssueRecord | undefined> {
  const r = await db.selectFrom('issues').selectAll().where('id', '=', issueId).executeTakeFirst();
  return r && toIssueRecord(r);
}

/** A project's issues, most recently seen first. */
export async function listIssues(
  db: Db,
  projectId: number,
  opts: { status?: IssueStatus; limit?: number } = {},
): Promise<IssueRecord[]> {
  let q = db
    .selectFrom('issues')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('merged_into', 'is', null);
  if (opts.status) q = q.where('status', '=', opts.status);
  const rows = await q
    .orderBy('last_seen', 'desc')
    .orderBy('id', 'desc')
    .limit(opts.limit ?? 100)
    .execute();
  return rows.map(toIssueRecord);
}

/** Tag values of an issue with their counts, most frequent first. */
export async function listIssueTagValues(
  db: Db,
  issueId: number,
  key?: string,
): Promise<{ key: string; value: string; count: number; firstSeen: number; lastSeen: number }[]> {
  let q = db.selectFrom('issue_tag_values').selectAll().where('issue_id', '=', issueId);
  if (key !== undefined) q = q.where('key', '=', key);
  const rows = await q.orderBy('times_seen', 'desc').execute();
  return rows.map((r) => ({
    key: r.key,
    value: r.value,
    count: Number(r.times_seen),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  }));
}

/**
 * Merges `sourceIds` into `targetId`: their hashes, events, users and tag counts move, so future
 * events of those hashes land in the target. The sources stay as tombstones pointing at the target.
 */
export async function mergeIssues(db: Db, targetId: number, sourceIds: number[]): Promise<void> {
  const sources = sourceIds.filter((id) => id !== targetId);
  if (sources.length === 0) return;
  await db.updateTable('issue_hashes').set({ issue_id: targetId }).where('issue_id', 'in', sources).execute();
  await db.updateTable('events').set({ issue_id: targetId }).where('issue_id', 'in', sources).execute();
  await sql`INSERT INTO issue_users (issue_id, user_key)
            SELECT ${targetId}, user_key FROM issue_users WHERE issue_id IN (${sql.join(sources)})
            ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO issue_tag_values (issue_id, key, value, times_seen, first_seen, last_seen)
            SELECT ${targetId}, key, value, SUM(times_seen), MIN(first_seen), MAX(last_seen)
            FROM issue_tag_values WHERE issue_id IN (${sql.join(sources)}) GROUP BY key, value
            ON CONFLICT (issue_id, key, value) DO UPDATE SET
              times_seen = issue_tag_values.times_seen + excluded.times_seen,
              first_seen = CASE WHEN excluded.first_seen < issue_tag_values.first_seen THEN excluded.first_seen ELSE issue_tag_values.first_seen END,
              last_seen = CASE WHEN excluded.last_seen > issue_tag_values.last_seen THEN excluded.last_seen ELSE issue_tag_values.last_seen END`.execute(
    db,
  );
  await recountIssue(db, targetId);
  await db.updateTable('issues').set({ merged_into: targetId }).where('id', 'in', sources).execute();
  await db.deleteFrom('issue_users').where('issue_id', 'in', sources).execute();
  await db.deleteFrom('issue_tag_values').where('issue_id', 'in', sources).execute();
}

/** Moves one grouping hash (and its events) out of an issue into a new issue of its own. */
export async function unmergeHash(db: Db, projectId: number, hash: string): Promise<number> {
  const from = await findIssueIdByHash(db, projectId, hash);
  if (from === undefined) throw new Error(`no issue has hash ${hash}`);
  const source = await db.selectFrom('issues').selectAll().where('id', '=', from).executeTakeFirstOrThrow();
  const { id: _id, ...copy } = source;
  const created = await db
    .insertInto('issues')
    .values({
      ...copy,
      times_seen: 0,
      user_count: 0,
      merged_into: null,
      status: 'unresolved',
      substatus: 'new',
      status_details: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const to = Number(created.id);
  await db
    .updateTable('issue_hashes')
    .set({ issue_id: to })
    .where('project_id', '=', projectId)
    .where('hash', '=', hash)
    .execute();
  await db
    .updateTable('events')
    .set({ issue_id: to })
    .where('issue_id', '=', from)
    .where('grouping_hash', '=', hash)
    .execute();
  await recountIssue(db, from);
  await recountIssue(db, to);
  return to;
}

/** Recomputes times seen, first/last seen from the issue's stored events (after merge or unmerge). */
export async function recountIssue(db: Db, issueId: number): Promise<void> {
  const agg = await db
    .selectFrom('events')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.min('timestamp').as('first'),
      eb.fn.max('timestamp').as('last'),
    ])
    .where('issue_id', '=', issueId)
    .executeTakeFirstOrThrow();
  const users = await db
    .selectFrom('issue_users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('issue_id', '=', issueId)
    .executeTakeFirstOrThrow();
  const n = Number(agg.n);
  await db
    .updateTable('issues')
    .set({
      times_seen: n,
      user_count: Number(users.n),
      ...(n > 0 ? { first_seen: Number(agg.first), last_seen: Number(agg.last) } : {}),
    })
    .where('id', '=', issueId)
    .execute();
}
