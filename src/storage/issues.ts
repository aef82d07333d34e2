import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { insertRows, isPostgres, runForRows, selectIn } from './bulk-sql.js';
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

/** An issue's counters and status, as counting an event reads them. */
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

/** The issues of some grouping hashes of a project, by hash (hashes without an issue are absent). */
export async function findIssueIdsByHashes(
  db: Db,
  projectId: number,
  hashes: readonly string[],
): Promise<Map<string, number>> {
  const rows = await selectIn<{ hash: string; issue_id: number }>(
    db,
    (list) => `select "hash", "issue_id" from "issue_hashes" where "project_id" = ? and "hash" in ${list}`,
    hashes,
    [projectId],
  );
  return new Map(rows.map((r) => [r.hash, Number(r.issue_id)]));
}

/**
 * The counters and status of some issues, by id. On PostgreSQL the rows stay locked (taken in id
 * order) until the transaction ends, as an UPDATE would lock them: a resolve made meanwhile waits
 * rather than being overwritten by the status the digest computed.
 */
export async function lockIssueCountStates(
  db: Db,
  issueIds: readonly number[],
): Promise<Map<number, IssueCounters>> {
  const sorted = [...issueIds].sort((a, b) => a - b);
  const lock = isPostgres(db) ? ' order by "id" for update' : '';
  const rows = await selectIn<{
    id: number;
    times_seen: number;
    user_count: number;
    status: IssueStatus;
    substatus: IssueSubstatus;
    status_details: string;
  }>(
    db,
    (list) =>
      `select "id", "times_seen", "user_count", "status", "substatus", "status_details" from "issues" where "id" in ${list}${lock}`,
    sorted,
  );
  return new Map(
    rows.map((r) => [
      Number(r.id),
      {
        timesSeen: Number(r.times_seen),
        userCount: Number(r.user_count),
        status: r.status,
        substatus: r.substatus,
        statusDetails: JSON.parse(r.status_details) as Record<string, unknown>,
      },
    ]),
  );
}

/**
 * Records which users an issue has seen; returns the pairs that were new, as `issueId\0userKey`.
 * Pairs must be distinct.
 */
export async function addIssueUsers(
  db: Db,
  pairs: readonly { issueId: number; userKey: string }[],
): Promise<Set<string>> {
  const inserted = await insertRows<{ issue_id: number; user_key: string }>(
    db,
    'insert into "issue_users" ("issue_id", "user_key")',
    [...pairs]
      .sort((a, b) => a.issueId - b.issueId || compareText(a.userKey, b.userKey))
      .map((p) => [p.issueId, p.userKey]),
    'on conflict ("issue_id", "user_key") do nothing returning "issue_id", "user_key"',
  );
  return new Set(inserted.map((r) => `${Number(r.issue_id)}\u0000${r.user_key}`));
}

/** How many events of a batch carried one tag value on one issue. */
export interface IssueTagCount {
  issueId: number;
  key: string;
  value: string;
  count: number;
  /** The time of the first of those events (the row keeps it when new), and the latest time. */
  firstSeen: number;
  lastSeen: number;
}

/** Adds tag value counts to issues; rows must be distinct by (issue, key, value). */
export async function addIssueTagValues(db: Db, counts: readonly IssueTagCount[]): Promise<void> {
  // Sorted so that concurrent digests on PostgreSQL take the row locks in one order.
  const rows = [...counts]
    .sort((a, b) => a.issueId - b.issueId || compareText(a.key, b.key) || compareText(a.value, b.value))
    .map((t) => [t.issueId, t.key, t.value, t.count, t.firstSeen, t.lastSeen]);
  await insertRows(
    db,
    'insert into "issue_tag_values" ("issue_id", "key", "value", "times_seen", "first_seen", "last_seen")',
    rows,
    'on conflict ("issue_id", "key", "value") do update set ' +
      '"times_seen" = "issue_tag_values"."times_seen" + excluded."times_seen", ' +
      '"last_seen" = CASE WHEN "issue_tag_values"."last_seen" < excluded."last_seen" ' +
      'THEN excluded."last_seen" ELSE "issue_tag_values"."last_seen" END',
  );
}

/** What a batch of events adds to one issue. */
export interface IssueCountDelta {
  events: number;
  newUsers: number;
  firstSeen: number;
  lastSeen: number;
  /** The first and the last release named by those events, in their order. */
  firstRelease: string | null;
  lastRelease: string | null;
  /** The status the events moved the issue to, when they moved it. */
  status?: { status: IssueStatus; substatus: IssueSubstatus; details: Record<string, unknown>; at: number };
}

// One statement for every issue of a batch: UPDATE … FROM a VALUES list (SQLite ≥ 3.33 and
// PostgreSQL both name its columns column1, column2 …). The casts tell PostgreSQL the types.
const COUNT_ON_ISSUES = (values: string) =>
  'update "issues" set ' +
  '"times_seen" = "issues"."times_seen" + v.column2, "user_count" = "issues"."user_count" + v.column3, ' +
  '"last_seen" = CASE WHEN "issues"."last_seen" < v.column4 THEN v.column4 ELSE "issues"."last_seen" END, ' +
  '"first_seen" = CASE WHEN "issues"."first_seen" > v.column5 THEN v.column5 ELSE "issues"."first_seen" END, ' +
  '"last_release" = COALESCE(v.column6, "issues"."last_release"), ' +
  '"first_release" = COALESCE("issues"."first_release", v.column7), ' +
  '"status" = COALESCE(v.column8, "issues"."status"), ' +
  '"substatus" = COALESCE(v.column9, "issues"."substatus"), ' +
  '"status_details" = COALESCE(v.column10, "issues"."status_details"), ' +
  '"resolved_at" = CASE WHEN v.column8 IS NULL THEN "issues"."resolved_at" ELSE v.column11 END ' +
  `from (values ${values}) as v where "issues"."id" = v.column1`;
const COUNT_TUPLE =
  '(CAST(? AS bigint), CAST(? AS bigint), CAST(? AS bigint), CAST(? AS double precision), ' +
  'CAST(? AS double precision), CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS text), ' +
  'CAST(? AS text), CAST(? AS double precision))';

/**
 * Adds a batch's events to their issues' counters, and sets the status they moved each issue to,
 * in one statement per 256 issues rather than one per event.
 */
export async function addToIssueCounters(
  db: Db,
  deltas: ReadonlyMap<number, IssueCountDelta>,
): Promise<void> {
  const rows = [...deltas]
    .sort(([a], [b]) => a - b)
    .map(([issueId, d]) => [
      issueId,
      d.events,
      d.newUsers,
      d.lastSeen,
      d.firstSeen,
      d.lastRelease,
      d.firstRelease,
      d.status?.status ?? null,
      d.status?.substatus ?? null,
      d.status ? JSON.stringify(d.status.details) : null,
      d.status?.status === 'resolved' ? d.status.at : null,
    ]);
  await runForRows(db, COUNT_ON_ISSUES, rows, COUNT_TUPLE);
}

/** Code-unit order: any fixed order will do, as long as every digest uses the same one. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
