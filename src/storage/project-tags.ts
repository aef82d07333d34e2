import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

export interface ProjectTagKey {
  key: string;
  /** Events counted under the key, over the project's issues. */
  totalValues: number;
  uniqueValues: number;
}

export interface ProjectTagValue {
  value: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
}

/**
 * A project's tag keys, summed over its issues' tag counts (issue_tag_values), most used first.
 * Merged-away issues keep their rows until their events move, so they are left out.
 */
export async function listProjectTagKeys(
  db: Kysely<Schema>,
  projectId: number,
  limit = 200,
): Promise<ProjectTagKey[]> {
  const rows = await sql<{ key: string; total: number; uniq: number }>`
    SELECT t.key AS key, SUM(t.times_seen) AS total, COUNT(DISTINCT t.value) AS uniq
    FROM issue_tag_values t JOIN issues i ON i.id = t.issue_id
    WHERE i.project_id = ${projectId} AND i.merged_into IS NULL
    GROUP BY t.key ORDER BY SUM(t.times_seen) DESC, t.key LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({ key: r.key, totalValues: Number(r.total), uniqueValues: Number(r.uniq) }));
}

/** The most frequent values of one tag key across a project's issues. */
export async function listProjectTagValues(
  db: Kysely<Schema>,
  projectId: number,
  key: string,
  limit = 100,
): Promise<ProjectTagValue[]> {
  const rows = await sql<{ value: string; total: number; first_seen: number; last_seen: number }>`
    SELECT t.value AS value, SUM(t.times_seen) AS total, MIN(t.first_seen) AS first_seen, MAX(t.last_seen) AS last_seen
    FROM issue_tag_values t JOIN issues i ON i.id = t.issue_id
    WHERE i.project_id = ${projectId} AND i.merged_into IS NULL AND t.key = ${key}
    GROUP BY t.value ORDER BY SUM(t.times_seen) DESC, t.value LIMIT ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    value: r.value,
    count: Number(r.total),
    firstSeen: Number(r.first_seen),
    lastSeen: Number(r.last_seen),
  }));
}
