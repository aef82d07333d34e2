import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

export interface OrganizationRecord {
  id: number;
  slug: string;
  name: string;
  createdAt: number;
}

/** An organization by slug. */
export async function findOrganizationBySlug(
  db: Kysely<Schema>,
  slug: string,
): Promise<OrganizationRecord | undefined> {
  const r = await db.selectFrom('organizations').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r && { id: Number(r.id), slug: r.slug, name: r.name, createdAt: Number(r.created_at) };
}

/** The user's role in an organization, if a member. */
export async function findMemberRole(
  db: Kysely<Schema>,
  organizationId: number,
  userId: number,
): Promise<string | undefined> {
  const r = await db
    .selectFrom('members')
    .select('role')
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r?.role;
}

/** Organizations the user belongs to (all of them for a superuser). */
export async function listOrganizationsForUser(
  db: Kysely<Schema>,
  userId: number,
  isSuperuser: boolean,
): Promise<OrganizationRecord[]> {
  let q = db.selectFrom('organizations').selectAll('organizations');
  if (!isSuperuser) {
    q = q
      .innerJoin('members', 'members.organization_id', 'organizations.id')
      .where('members.user_id', '=', userId);
  }
  const rows = await q.orderBy('organizations.slug').execute();
  return rows.map((r) => ({ id: Number(r.id), slug: r.slug, name: r.name, createdAt: Number(r.created_at) }));
}

/** Adds a user to an organization with a role (or changes the role). */
export async function addMember(
  db: Kysely<Schema>,
  organizationId: number,
  userId: number,
  role: string,
): Promise<void> {
  await db
    .insertInto('members')
    .values({ organization_id: organizationId, user_id: userId, role, created_at: Date.now() / 1000 })
    .onConflict((oc) => oc.columns(['organization_id', 'user_id']).doUpdateSet({ role }))
    .execute();
}

export interface MemberRecord {
  userId: number;
  email: string;
  role: string;
  createdAt: number;
}

/** The members of an organization with their roles, by email. */
export async function listMembers(db: Kysely<Schema>, organizationId: number): Promise<MemberRecord[]> {
  const rows = await db
    .selectFrom('members')
    .innerJoin('users', 'users.id', 'members.user_id')
    .select(['users.id', 'users.email', 'members.role', 'members.created_at'])
    .where('members.organization_id', '=', organizationId)
    .orderBy('users.email')
    .execute();
  return rows.map((r) => ({
    userId: Number(r.id),
    email: r.email,
    role: r.role,
    createdAt: Number(r.created_at),
  }));
}
