import { sql, type Kysely } from 'kysely';
import type { Schema } from './schema.js';

/**
 * Releases of an organization. A release exists when a project has seen it (`releases`, filled by
 * the digest and by the API) or when it was created through the API (`release_meta`, which also
 * holds ref, url and dateReleased). Versions are compared exactly, as Sentry does.
 */

type Db = Kysely<Schema>;

export interface ReleaseRecord {
  version: string;
  ref: string | null;
  url: string | null;
  /** When it was created through the API, or first seen in an event. */
  dateCreated: number;
  dateReleased: number | null;
}

export interface ReleaseProject {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
}

export interface DeployRecord {
  id: number;
  version: string;
  environment: string;
  name: string | null;
  url: string | null;
  dateStarted: number | null;
  dateFinished: number;
}

export interface ReleaseListFilter {
  organizationId: number;
  /** Only releases of these projects (all of the organization's when undefined). */
  projectIds?: number[] | undefined;
  /** Only versions starting with this text (case-sensitive). */
  prefix?: string | undefined;
  offset: number;
  limit: number;
}

const orgProjectIds = (db: Db, organizationId: number) =>
  db.selectFrom('projects').select('projects.id').where('projects.organization_id', '=', organizationId);

function toDeploy(r: {
  id: number;
  version: string;
  environment: string;
  name: string | null;
  url: string | null;
  date_started: number | null;
  date_finished: number;
}): DeployRecord {
  return {
    id: Number(r.id),
    version: r.version,
    environment: r.environment,
    name: r.name,
    url: r.url,
    dateStarted: r.date_started === null ? null : Number(r.date_started),
    dateFinished: Number(r.date_finished),
  };
}

/** One release of an organization, or undefined when neither the API nor an event created it. */
export async function findRelease(
  db: Db,
  organizationId: number,
  version: string,
): Promise<ReleaseRecord | undefined> {
  const meta = await db
    .selectFrom('release_meta')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (meta) {
    return {
      version: meta.version,
      ref: meta.ref,
      url: meta.url,
      dateCreated: Number(meta.date_created),
      dateReleased: meta.date_released === null ? null : Number(meta.date_released),
    };
  }
  const seen = await db
    .selectFrom('releases')
    .select((eb) => eb.fn.min<number | null>('releases.first_seen').as('first_seen'))
    .where('releases.project_id', 'in', orgProjectIds(db, organizationId))
    .where('releases.version', '=', version)
    .executeTakeFirst();
  if (seen?.first_seen === null || seen?.first_seen === undefined) return undefined;
  return { version, ref: null, url: null, dateCreated: Number(seen.first_seen), dateReleased: null };
}

/**
 * A page of an organization's releases that belong to at least one project (as in Sentry, a release
 * without projects is not listed), newest first; `limit + 1` rows are read so the caller knows
 * whether another page follows.
 */
export async function listReleases(
  db: Db,
  f: ReleaseListFilter,
): Promise<{ rows: ReleaseRecord[]; hasMore: boolean }> {
  let q = db
    .selectFrom('releases as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .leftJoin('release_meta as m', (j) =>
      j.onRef('m.organization_id', '=', 'p.organization_id').onRef('m.version', '=', 'r.version'),
    )
    .where('p.organization_id', '=', f.organizationId)
    .select([
      'r.version',
      sql<number>`coalesce(min(m.date_created), min(r.first_seen))`.as('date_created'),
      (eb) => eb.fn.min('m.ref').as('ref'),
      (eb) => eb.fn.min('m.url').as('url'),
      (eb) => eb.fn.min('m.date_released').as('date_released'),
    ])
    .groupBy('r.version');
  if (f.projectIds) {
    if (f.projectIds.length === 0) return { rows: [], hasMore: false };
    q = q.where('r.project_id', 'in', f.projectIds);
  }
  if (f.prefix) {
    // substr, not LIKE: no wildcards to escape, and case-sensitive on both backends.
    q = q.where(sql<boolean>`substr(r.version, 1, ${[...f.prefix].length}) = ${f.prefix}`);
  }
  const rows = await q
    .orderBy('date_created', 'desc')
    .orderBy('r.version', 'desc')
    .limit(f.limit + 1)
    .offset(f.offset)
    .execute();
  return {
    hasMore: rows.length > f.limit,
    rows: rows.slice(0, f.limit).map((r) => ({
      version: r.version,
      ref: r.ref,
      url: r.url,
      dateCreated: Number(r.date_created),
      dateReleased: r.date_released === null ? null : Number(r.date_released),
    })),
  };
}

/** Adds a release to projects (a no-op for those that have it); returns how many were added. */
export async function addReleaseProjects(
  db: Db,
  version: string,
  projectIds: number[],
  at: number,
): Promise<number> {
  if (projectIds.length === 0) return 0;
  const res = await db
    .insertInto('releases')
    .values(projectIds.map((id) => ({ project_id: id, version, first_seen: at })))
    .onConflict((oc) => oc.columns(['project_id', 'version']).doNothing())
    .executeTakeFirst();
  // SQLite reports the rows inserted; PostgreSQL too for ON CONFLICT DO NOTHING.
  return Number(res.numInsertedOrUpdatedRows ?? 0);
}

/**
 * Creates a release, or adds projects to an existing one (creation is idempotent, as in Sentry).
 * `created` is false when the version already existed; `newProjects` counts projects added.
 */
export async function createRelease(
  db: Db,
  r: {
    organizationId: number;
    version: string;
    ref: string | null;
    url: string | null;
    dateReleased: number | null;
    projectIds: number[];
    at: number;
  },
): Promise<{ created: boolean; newProjects: number }> {
  return db.transaction().execute(async (tx) => {
    const existing = await findRelease(tx, r.organizationId, r.version);
    await tx
      .insertInto('release_meta')
      .values({
        organization_id: r.organizationId,
        version: r.version,
        ref: r.ref,
        url: r.url,
        date_created: existing?.dateCreated ?? r.at,
        date_released: r.dateReleased,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'version']).doNothing())
      .execute();
    const newProjects = await addReleaseProjects(tx, r.version, r.projectIds, r.at);
    return { created: existing === undefined, newProjects };
  });
}

/** Changes ref, url or dateReleased of an existing release (fields left undefined are kept). */
export async function updateRelease(
  db: Db,
  organizationId: number,
  current: ReleaseRecord,
  patch: { ref?: string | null; url?: string | null; dateReleased?: number | null },
): Promise<void> {
  await db
    .insertInto('release_meta')
    .values({
      organization_id: organizationId,
      version: current.version,
      ref: patch.ref === undefined ? current.ref : patch.ref,
      url: patch.url === undefined ? current.url : patch.url,
      date_created: current.dateCreated,
      date_released: patch.dateReleased === undefined ? current.dateReleased : patch.dateReleased,
    })
    .onConflict((oc) =>
      oc.columns(['organization_id', 'version']).doUpdateSet((eb) => ({
        ref: eb.ref('excluded.ref'),
        url: eb.ref('excluded.url'),
        date_released: eb.ref('excluded.date_released'),
      })),
    )
    .execute();
}

/** True when an issue of the organization was first seen in this release (it must then be kept). */
export async function isReleaseReferenced(db: Db, organizationId: number, version: string): Promise<boolean> {
  const row = await db
    .selectFrom('issues')
    .select('issues.id')
    .where('issues.project_id', 'in', orgProjectIds(db, organizationId))
    .where('issues.first_release', '=', version)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes a release: its metadata, its deploys and its project links. Events keep their release tag. */
export async function deleteRelease(db: Db, organizationId: number, version: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .deleteFrom('release_meta')
      .where('organization_id', '=', organizationId)
      .where('version', '=', version)
      .execute();
    await tx
      .deleteFrom('deploys')
      .where('organization_id', '=', organizationId)
      .where('version', '=', version)
      .execute();
    await tx
      .deleteFrom('releases')
      .where('project_id', 'in', orgProjectIds(tx, organizationId))
      .where('version', '=', version)
      .execute();
  });
}

/** The projects of each release, by version. */
export async function listReleaseProjects(
  db: Db,
  organizationId: number,
  versions: string[],
): Promise<Map<string, ReleaseProject[]>> {
  const out = new Map<string, ReleaseProject[]>();
  if (versions.length === 0) return out;
  const rows = await db
    .selectFrom('releases as r')
    .innerJoin('projects as p', 'p.id', 'r.project_id')
    .select(['r.version', 'p.id', 'p.slug', 'p.name', 'p.platform'])
    .where('p.organization_id', '=', organizationId)
    .where('r.version', 'in', versions)
    .orderBy('p.slug')
    .execute();
  for (const r of rows) {
    const list = out.get(r.version) ?? [];
    list.push({ id: Number(r.id), slug: r.slug, name: r.name, platform: r.platform });
    out.set(r.version, list);
  }
  return out;
}

/** How many issues each (project, release) first appeared in, keyed `${projectId}\0${version}`. */
export async function countNewIssues(
  db: Db,
  projectIds: number[],
  versions: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (projectIds.length === 0 || versions.length === 0) return out;
  const rows = await db
    .selectFrom('issues')
    .select(['project_id', 'first_release', (eb) => eb.fn.countAll<number>().as('n')])
    .where('project_id', 'in', projectIds)
    .where('first_release', 'in', versions)
    .where('merged_into', 'is', null)
    .groupBy(['project_id', 'first_release'])
    .execute();
  for (const r of rows) out.set(`${Number(r.project_id)}\u0000${r.first_release ?? ''}`, Number(r.n));
  return out;
}

/** The first and last event timestamp of each release within some projects. */
export async function releaseEventRange(
  db: Db,
  projectIds: number[],
  versions: string[],
): Promise<Map<string, { first: number; last: number }>> {
  const out = new Map<string, { first: number; last: number }>();
  if (projectIds.length === 0 || versions.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select([
      'release',
      (eb) => eb.fn.min('timestamp').as('first'),
      (eb) => eb.fn.max('timestamp').as('last'),
    ])
    .where('project_id', 'in', projectIds)
    .where('release', 'in', versions)
    .groupBy('release')
    .execute();
  for (const r of rows) {
    if (r.release !== null) out.set(r.release, { first: Number(r.first), last: Number(r.last) });
  }
  return out;
}

/** Records a deploy of a release. */
export async function createDeploy(
  db: Db,
  d: Omit<DeployRecord, 'id'> & { organizationId: number },
): Promise<DeployRecord> {
  const row = await db
    .insertInto('deploys')
    .values({
      organization_id: d.organizationId,
      version: d.version,
      environment: d.environment,
      name: d.name,
      url: d.url,
      date_started: d.dateStarted,
      date_finished: d.dateFinished,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDeploy(row);
}

/** Deploys of some releases, newest finished first, by version. */
export async function listDeploys(
  db: Db,
  organizationId: number,
  versions: string[],
): Promise<Map<string, DeployRecord[]>> {
  const out = new Map<string, DeployRecord[]>();
  if (versions.length === 0) return out;
  const rows = await db
    .selectFrom('deploys')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('version', 'in', versions)
    .orderBy('date_finished', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    const list = out.get(r.version) ?? [];
    list.push(toDeploy(r));
    out.set(r.version, list);
  }
  return out;
}
