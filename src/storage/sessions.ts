import { sql, type Kysely, type Transaction } from 'kysely';
import { SESSION_STATUSES } from '../protocol/session.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A stored release-health session (the shape processing/session-status.ts merges). */
export interface StoredSession {
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
  updatedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  /** Bumped on every write; a write that expected another version changes nothing. */
  version: number;
}

function isStatus(value: string): value is SessionStatus {
  return (SESSION_STATUSES as readonly string[]).includes(value);
}

/** One session, if stored. */
export async function getSession(
  db: Db,
  projectId: number,
  sessionId: string,
): Promise<StoredSession | undefined> {
  const r = await db
    .selectFrom('release_sessions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('session_id', '=', sessionId)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    sessionId: r.session_id,
    distinctId: r.distinct_id,
    status: isStatus(r.status) ? r.status : 'ok',
    errors: Number(r.errors),
    release: r.release,
    environment: r.environment,
    osName: r.os_name,
    appVersion: r.app_version,
    appId: r.app_id,
    startedAt: Number(r.started_at),
    updatedAt: Number(r.updated_at),
    endedAt: r.ended_at === null ? null : Number(r.ended_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
    version: Number(r.version),
  };
}

/**
 * Writes a merged session: inserts it when `expectedVersion` is undefined, else updates it only if
 * it is still at that version (another process may have written it meanwhile). Returns whether the
 * write happened; the caller re-reads and merges again when it did not.
 */
export async function writeSession(
  db: Db,
  projectId: number,
  s: StoredSession,
  expectedVersion: number | undefined,
): Promise<boolean> {
  const values = {
    distinct_id: s.distinctId,
    status: s.status,
    errors: s.errors,
    release: s.release,
    environment: s.environment,
    os_name: s.osName,
    app_version: s.appVersion,
    app_id: s.appId,
    started_at: s.startedAt,
    updated_at: s.updatedAt,
    ended_at: s.endedAt,
    duration_ms: s.durationMs,
    version: s.version,
  };
  if (expectedVersion === undefined) {
    const r = await db
      .insertInto('release_sessions')
      .values({ project_id: projectId, session_id: s.sessionId, ...values })
      .onConflict((oc) => oc.columns(['project_id', 'session_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }
  const r = await db
    .updateTable('release_sessions')
    .set(values)
    .where('project_id', '=', projectId)
    .where('session_id', '=', s.sessionId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/** Stores the buckets of one `sessions` item; a redelivered item (same source keys) is ignored. */
export async function insertSessionAggregates(
  db: Db,
  projectId: number,
  rows: {
    sourceKey: string;
    release: string | null;
    environment: string | null;
    distinctId: string | null;
    startedAt: number;
    exited: number;
    errored: number;
    abnormal: number;
    crashed: number;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('session_aggregates')
    .values(
      rows.map((r) => ({
        project_id: projectId,
        source_key: r.sourceKey,
        release: r.release,
        environment: r.environment,
        distinct_id: r.distinctId,
        started_at: r.startedAt,
        exited: r.exited,
        errored: r.errored,
        abnormal: r.abnormal,
        crashed: r.crashed,
      })),
    )
    .onConflict((oc) => oc.columns(['project_id', 'source_key']).doNothing())
    .execute();
}

/** Session and user counts of one release (processing/release-health.ts turns them into rates). */
export interface ReleaseSessionCounts {
  release: string | null;
  sessions: number;
  errored: number;
  abnormal: number;
  crashed: number;
  users: number;
  crashedUsers: number;
}

/**
 * Counts per release of the sessions started since `since` (or, with `perRelease: false`, one row
 * over all releases), individual sessions and Sentry's aggregates together. A user counts once per
 * row, as crashed when any of their sessions crashed; sessions without a user id count as sessions.
 */
export async function countReleaseSessions(
  db: Db,
  projectId: number,
  opts: { since: number; environment?: string | undefined; perRelease?: boolean },
): Promise<ReleaseSessionCounts[]> {
  const { since } = opts;
  const env = opts.environment === undefined ? sql`` : sql` AND environment = ${opts.environment}`;
  const rel = opts.perRelease === false ? sql`CAST(NULL AS TEXT)` : sql`release`;
  const sessions = await sql<{
    rel: string | null;
    total: number;
    errored: number;
    abnormal: number;
    crashed: number;
  }>`
    SELECT rel, SUM(total) AS total, SUM(errored) AS errored, SUM(abnormal) AS abnormal, SUM(crashed) AS crashed
    FROM (
      SELECT ${rel} AS rel, 1 AS total,
             CASE WHEN status = 'errored' THEN 1 ELSE 0 END AS errored,
             CASE WHEN status = 'abnormal' THEN 1 ELSE 0 END AS abnormal,
             CASE WHEN status = 'crashed' THEN 1 ELSE 0 END AS crashed
      FROM release_sessions WHERE project_id = ${projectId} AND started_at >= ${since}${env}
      UNION ALL
      SELECT ${rel} AS rel, exited + errored + abnormal + crashed, errored, abnormal, crashed
      FROM session_aggregates WHERE project_id = ${projectId} AND started_at >= ${since}${env}
    ) s GROUP BY rel`.execute(db);
  const users = await sql<{ rel: string | null; users: number; crashed_users: number }>`
    SELECT rel, COUNT(*) AS users, SUM(crashed) AS crashed_users
    FROM (
      SELECT rel, distinct_id, MAX(crashed) AS crashed FROM (
        SELECT ${rel} AS rel, distinct_id, CASE WHEN status = 'crashed' THEN 1 ELSE 0 END AS crashed
        FROM release_sessions
        WHERE project_id = ${projectId} AND started_at >= ${since} AND distinct_id IS NOT NULL${env}
        UNION ALL
        SELECT ${rel} AS rel, distinct_id, CASE WHEN crashed > 0 THEN 1 ELSE 0 END
        FROM session_aggregates
        WHERE project_id = ${projectId} AND started_at >= ${since} AND distinct_id IS NOT NULL${env}
      ) u GROUP BY rel, distinct_id
    ) g GROUP BY rel`.execute(db);

  const byRelease = new Map<string | null, ReleaseSessionCounts>();
  for (const r of sessions.rows) {
    byRelease.set(r.rel, {
      release: r.rel,
      sessions: Number(r.total),
      errored: Number(r.errored),
      abnormal: Number(r.abnormal),
      crashed: Number(r.crashed),
      users: 0,
      crashedUsers: 0,
    });
  }
  for (const r of users.rows) {
    const c = byRelease.get(r.rel);
    if (c) {
      c.users = Number(r.users);
      c.crashedUsers = Number(r.crashed_users);
    }
  }
  return [...byRelease.values()];
}
