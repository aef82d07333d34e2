import type { Kysely } from 'kysely';
import { NotFoundError } from '../../lib/errors.js';
import { findProject, type ProjectRow } from '../../storage/projects.js';
import type { Schema } from '../../storage/schema.js';
import type { Principal } from '../../storage/users.js';
import { requireOrgAccess, requireScope, type OrgAccess } from './request-auth.js';
import type { Scope } from './scopes.js';

/** Organization access with `scope`, plus the project named by slug; 404 when it is not in that org. */
export async function requireProjectAccess(
  db: Kysely<Schema>,
  principal: Principal,
  orgSlug: string,
  projectSlug: string,
  ...scopes: Scope[]
): Promise<{ access: OrgAccess; project: ProjectRow }> {
  const access = await requireOrgAccess(db, principal, orgSlug);
  requireScope(access, ...scopes);
  const project = await findProject(db, access.organization.id, projectSlug);
  if (!project) throw new NotFoundError('project not found');
  return { access, project };
}
