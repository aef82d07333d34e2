import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** A series of `[bucket start (epoch seconds), count]`, oldest first, as Sentry's stats endpoints answer. */
export type Series = [number, number][];

/**
 * The start of the `resolution`-second bucket holding `column`, in SQL both backends evaluate alike:
 * SQLite's CAST truncates and PostgreSQL's rounds, so the CASE brings both to the floor; integer
 * division then truncates the same way on both.
 */
function bucketOf(column: string, resolution: number): RawBuilder<number> {
  const c = sql.ref(column);
  const secs = sql`(CAST(${c} AS bigint) - CASE WHEN CAST(${c} AS bigint) > ${c} THEN 1 ELSE 0 END)`;
  return sql<number>`(${secs} / ${sql.lit(resolution)}) * ${sql.lit(resolution)}`;
}

/** How many buckets run from the one holding `since` to the one holding `until` (inclusive). */
export function bucketCount(since: number, until: number, resolution: number): number {
  return Math.floor(until / resolution) - Math.floor(since / resolution) + 1;
}

/** Bucket starts from the one holding `since` to the one holding `until` (inclusive); callers bound the count. */
export function bucketStarts(since: number, until: number, resolution: number): number[] {
  if (bucketCount(since, until, resolution) > 100_000) throw new RangeError('too many buckets');
  const first = Math.floor(since / resolution) * resolution;
  const last = Math.floor(until / resolution) * resolution;
  const out: number[] = [];
  for (let t = first; t <= last; t += resolution) out.push(t);
  return out;
}

function fill(starts: number[], counts: Map<number, number>): Series {
  return starts.map((t) => [t, counts.get(t) ?? 0]);
}

/** Events a project received per bucket (by time received), zero-filled from `since` to `until`. */
export async function projectEventSeries(
  db: Db,
  projectId: number,
  since: number,
  until: number,
  resolution: number,
): Promise<Series> {
  const starts = bucketStarts(since, until, resolution);
  const bucket = bucketOf('events.received_at', resolution);
  const rows = await db
    .selectFrom('events')
    .select([bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', '=', projectId)
    .where('received_at', '>=', starts[0] ?? since)
    .where('received_at', '<', (starts.at(-1) ?? until) + resolution)
    .groupBy(bucket)
    .execute();
  return fill(starts, new Map(rows.map((r) => [Number(r.bucket), Number(r.n)])));
}

/** Events per bucket (by event time) for each of some issues, zero-filled from `since` to `until`. */
export async function issueEventSeries(
  db: Db,
  issueIds: number[],
  since: number,
  until: number,
  resolution: number,
): Promise<Map<number, Series>> {
  const starts = bucketStarts(since, until, resolution);
  const out = new Map<number, Series>();
  if (issueIds.length === 0) return out;
  const bucket = bucketOf('events.timestamp', resolution);
  const rows = await db
    .selectFrom('events')
    .select(['issue_id', bucket.as('bucket'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('issue_id', 'in', issueIds)
    .where('timestamp', '>=', starts[0] ?? since)
    .where('timestamp', '<', (starts.at(-1) ?? until) + resolution)
    .groupBy(['issue_id', bucket])
    .execute();
  const counts = new Map<number, Map<number, number>>();
  for (const r of rows) {
    const id = Number(r.issue_id);
    let m = counts.get(id);
    if (!m) counts.set(id, (m = new Map()));
    m.set(Number(r.bucket), Number(r.n));
  }
  for (const id of issueIds) out.set(id, fill(starts, counts.get(id) ?? new Map()));
  return out;
}
