import type { Kysely } from 'kysely';
import { randomHex, slugify } from '../lib/ids.js';
import type { Schema } from './schema.js';

export interface ProjectRecord {
  id: number;
  organizationId: number;
  organizationSlug: string;
  slug: string;
  name: string;
  platform: string | null;
}

export interface ProjectKeyRecord {
  id: number;
  projectId: number;
  publicKey: string;
  secretKey: string;
  label: string;
  isActive: boolean;
  createdAt: number;
  rateLimit: { count: number; window: number } | null;
}

const now = () => Date.now() / 1000;

/** Finds an organization by slug, creating it (and its default team) when missing. */
export async function ensureOrganization(
  db: Kysely<Schema>,
  slug: string,
  name = slug,
): Promise<{ id: number; teamId: number }> {
  const orgSlug = slugify(slug);
  let org = await db.selectFrom('organizations').select('id').where('slug', '=', orgSlug).executeTakeFirst();
  if (!org) {
    org = await db
      .insertInto('organizations')
      .values({ slug: orgSlug, name, created_at: now() })
      .onConflict((oc) => oc.column('slug').doNothing())
      .returning('id')
      .executeTakeFirst();
    org ??= await db
      .selectFrom('organizations')
      .select('id')
      .where('slug', '=', orgSlug)
      .executeTakeFirstOrThrow();
  }
  let team = await db
    .selectFrom('teams')
    .select('id')
    .where('organization_id', '=', org.id)
    .orderBy('id')
    .executeTakeFirst();
  team ??= await db
    .insertInto('teams')
    .values({ organization_id: org.id, slug: orgSlug, name, created_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(org.id), teamId: Number(team.id) };
}

/** Creates a project with one active client key; the slug is made unique within the organization. */
export async function createProject(
  db: Kysely<Schema>,
  input: {
    organizationSlug: string;
    name: string;
    platform?: string | undefined;
    slug?: string | undefined;
    teamId?: number;
  },
): Promise<{ project: ProjectRecord; key: ProjectKeyRecord }> {
  const org = await ensureOrganization(db, input.organizationSlug);
  const base = slugify(input.slug ?? input.name);
  const taken = new Set(
    (
      await db
        .selectFrom('projects')
        .select('slug')
        .where('organization_id', '=', org.id)
        .where('slug', 'like', `${base}%`)
        .execute()
    ).map((r) => r.slug),
  );
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  const row = await db
    .insertInto('projects')
    .values({
      organization_id: org.id,
      team_id: input.teamId ?? org.teamId,
      slug,
      name: input.name,
      platform: input.platform ?? null,
      created_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const projectId = Number(row.id);
  const key = await createProjectKey(db, projectId, 'Default');
  const orgRow = await db
    .selectFrom('organizations')
    .select('slug')
    .where('id', '=', org.id)
    .executeTakeFirstOrThrow();
  return {
    project: {
      id: projectId,
      organizationId: org.id,
      organizationSlug: orgRow.slug,
      slug,
      name: input.name,
      platform: input.platform ?? null,
    },
    key,
  };
}

/** Adds a client key (DSN credentials) to a project. */
export async function createProjectKey(
  db: Kysely<Schema>,
  projectId: number,
  label: string,
): Promise<ProjectKeyRecord> {
  const publicKey = randomHex(16);
  const secretKey = randomHex(16);
  const row = await db
    .insertInto('project_keys')
    .values({
      project_id: projectId,
      public_key: publicKey,
      secret_key: secretKey,
      label,
      is_active: 1,
      created_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    projectId,
    publicKey,
    secretKey,
    label,
    isActive: true,
    createdAt: now(),
    rateLimit: null,
  };
}

/**
 * Whether `publicKey` is an active key of project `projectId`. Asked on every ingest request, without
 * a cache, so that disabling or deleting a key takes effect on the very next request.
 */
export async function isActiveProjectKey(
  db: Kysely<Schema>,
  projectId: number,
  publicKey: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('project_keys')
    .select('project_id')
    .where('public_key', '=', publicKey)
    .where('is_active', '=', 1)
    .executeTakeFirst();
  return row !== undefined && Number(row.project_id) === projectId;
}

/** Lists the client keys of a project. */
export async function listProjectKeys(db: Kysely<Schema>, projectId: number): Promise<ProjectKeyRecord[]> {
  const rows = await db
    .selectFrom('project_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    projectId: Number(r.project_id),
    publicKey: r.public_key,
    secretKey: r.secret_key,
    label: r.label,
    isActive: r.is_active === 1,
    createdAt: Number(r.created_at),
    rateLimit:
      r.rate_limit_count !== null && r.rate_limit_window !== null
        ? { count: Number(r.rate_limit_count), window: Number(r.rate_limit_window) }
        : null,
  }));
}

/** Enables or disables a key. */
export async function setProjectKeyActive(db: Kysely<Schema>, keyId: number, active: boolean): Promise<void> {
  await db
    .updateTable('project_keys')
    .set({ is_active: active ? 1 : 0 })
    .where('id', '=', keyId)
    .execute();
}

export interface ProjectRow extends ProjectRecord {
  teamId: number | null;
  createdAt: number;
}

function toProjectRow(r: {
  id: number;
  organization_id: number;
  team_id: number | null;
  slug: string;
  name: string;
  platform: string | null;
  created_at: number;
  org_slug: string;
}): ProjectRow {
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    organizationSlug: r.org_slug,
    teamId: r.team_id === null ? null : Number(r.team_id),
    slug: r.slug,
    name: r.name,
    platform: r.platform,
    createdAt: Number(r.created_at),
  };
}

function projectsQuery(db: Kysely<Schema>) {
  return db
    .selectFrom('projects')
    .innerJoin('organizations', 'organizations.id', 'projects.organization_id')
    .selectAll('projects')
    .select('organizations.slug as org_slug');
}

/** A project by organization and slug (or numeric id). */
export async function findProject(
  db: Kysely<Schema>,
  organizationId: number,
  slugOrId: string,
): Promise<ProjectRow | undefined> {
  let q = projectsQuery(db).where('projects.organization_id', '=', organizationId);
  q = /^\d+$/.test(slugOrId)
    ? q.where((eb) => eb.or([eb('projects.slug', '=', slugOrId), eb('projects.id', '=', Number(slugOrId))]))
    : q.where('projects.slug', '=', slugOrId);
  const r = await q.executeTakeFirst();
  return r && toProjectRow(r);
}

/** A project by id. */
export async function getProjectById(db: Kysely<Schema>, id: number): Promise<ProjectRow | undefined> {
  const r = await projectsQuery(db).where('projects.id', '=', id).executeTakeFirst();
  return r && toProjectRow(r);
}

/** Projects of some organizations (all of them when `organizationIds` is undefined). */
export async function listProjects(db: Kysely<Schema>, organizationIds?: number[]): Promise<ProjectRow[]> {
  if (organizationIds && organizationIds.length === 0) return [];
  let q = projectsQuery(db);
  if (organizationIds) q = q.where('projects.organization_id', 'in', organizationIds);
  return (await q.orderBy('organizations.slug').orderBy('projects.slug').execute()).map(toProjectRow);
}

/** Changes a project's name, slug or platform. */
export async function updateProject(
  db: Kysely<Schema>,
  id: number,
  patch: { name?: string | undefined; slug?: string | undefined; platform?: string | null | undefined },
): Promise<void> {
  const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length > 0) await db.updateTable('projects').set(set).where('id', '=', id).execute();
}

/** Deletes a project and everything stored for it. */
export async function deleteProject(db: Kysely<Schema>, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    // Issue children go by cascade from issues; events and the rest by cascade from the project.
    await tx.deleteFrom('issues').where('project_id', '=', id).execute();
    await tx.deleteFrom('issue_hashes').where('project_id', '=', id).execute();
    await tx.deleteFrom('projects').where('id', '=', id).execute();
  });
}

/** A key of a project by its public key. */
export async function findProjectKey(
  db: Kysely<Schema>,
  projectId: number,
  publicKey: string,
): Promise<ProjectKeyRecord | undefined> {
  return (await listProjectKeys(db, projectId)).find((k) => k.publicKey === publicKey);
}

/** Renames a key and/or enables or disables it. */
export async function updateProjectKey(
  db: Kysely<Schema>,
  keyId: number,
  patch: {
    label?: string | undefined;
    isActive?: boolean | undefined;
    rateLimit?: { count: number; window: number } | null | undefined;
  },
): Promise<void> {
  await db
    .updateTable('project_keys')
    .set({
      ...(patch.label !== undefined ? { label: patch.label } : {}),
      ...(patch.isActive !== undefined ? { is_active: patch.isActive ? 1 : 0 } : {}),
      ...(patch.rateLimit !== undefined
        ? {
            rate_limit_count: patch.rateLimit?.count ?? null,
            rate_limit_window: patch.rateLimit?.window ?? null,
          }
        : {}),
    })
    .where('id', '=', keyId)
    .execute();
}

/** Deletes a key; the next ingest request with it is refused. */
export async function deleteProjectKey(db: Kysely<Schema>, keyId: number): Promise<void> {
  await db.deleteFrom('project_keys').where('id', '=', keyId).execute();
}

/** Teams of an organization. */
export async function listTeams(db: Kysely<Schema>, organizationId: number) {
  const rows = await db
    .selectFrom('teams')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('slug')
    .execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, createdAt: Number(r.created_at) }));
}

/** Creates a team. */
export async function createTeam(db: Kysely<Schema>, organizationId: number, name: string, slug?: string) {
  const row = await db
    .insertInto('teams')
    .values({ organization_id: organizationId, slug: slugify(slug ?? name), name, created_at: now() })
    .returning(['id', 'slug'])
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), slug: row.slug, name, createdAt: now() };
}

/** What ingest needs to know about a key, in one query: is it active here, and what limits apply. */
export interface IngestKey {
  projectId: number;
  publicKey: string;
  isActive: boolean;
  keyRateLimit: { count: number; windowSeconds: number } | null;
  projectSettingsJson: string;
}

/** Looks a public key up for ingest; undefined when no key has this public part. */
export async function findIngestKey(db: Kysely<Schema>, publicKey: string): Promise<IngestKey | undefined> {
  const r = await db
    .selectFrom('project_keys')
    .innerJoin('projects', 'projects.id', 'project_keys.project_id')
    .select([
      'project_keys.project_id',
      'project_keys.public_key',
      'project_keys.is_active',
      'project_keys.rate_limit_count',
      'project_keys.rate_limit_window',
      'projects.settings',
    ])
    .where('project_keys.public_key', '=', publicKey)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    projectId: Number(r.project_id),
    publicKey: r.public_key,
    isActive: r.is_active === 1,
    keyRateLimit:
      r.rate_limit_count !== null && r.rate_limit_window !== null
        ? { count: Number(r.rate_limit_count), windowSeconds: Number(r.rate_limit_window) }
        : null,
    projectSettingsJson: r.settings,
  };
}
