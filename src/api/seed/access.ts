import type { FastifyRequest } from 'fastify';
import {
  FaultlineError,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnprocessableError,
} from '../../lib/errors.js';
import { slugify } from '../../lib/ids.js';
import type { FailureThrottle } from '../../lib/throttle.js';
import { hasDeletionCode, verifyDeletionCode } from '../../storage/deletion-codes.js';
import { findProjectIdByAppKey } from '../../storage/ingest-tokens.js';
import { addMember, findOrganizationBySlug, listOrganizationsForUser } from '../../storage/organizations.js';
import { ensureOrganization, getProjectById, listProjects, type ProjectRow } from '../../storage/projects.js';
import type { Principal } from '../../storage/users.js';
import { requireOrgAccess, requirePrincipal, requireScope, type OrgAccess } from '../auth/request-auth.js';
import type { Scope } from '../auth/scopes.js';
import type { ApiDeps } from '../deps.js';

// One answer for "no such project" and "a project of an organization you are not in".
const NOT_FOUND = 'project not found';

/** Whether the access holds `scope` (or a higher scope of the same resource). */
export function holdsScope(access: OrgAccess, scope: Scope): boolean {
  try {
    requireScope(access, scope);
    return true;
  } catch {
    return false;
  }
}

/**
 * The project named by a numeric id in the path (`prj_` prefix allowed), after checking the caller:
 * 401 without credentials, 404 when it does not exist or is not in one of the caller's
 * organizations, 403 when the caller is a member without `scope`.
 */
export async function requireProjectById(
  deps: ApiDeps,
  request: FastifyRequest,
  idParam: string,
  scope: Scope,
): Promise<{ principal: Principal; access: OrgAccess; project: ProjectRow }> {
  const principal = await requirePrincipal(request, deps.db);
  const id = /^(?:prj_)?(\d{1,15})$/.exec(idParam)?.[1];
  const project = id === undefined ? undefined : await getProjectById(deps.db, Number(id));
  if (!project) throw new NotFoundError(NOT_FOUND);
  let access: OrgAccess;
  try {
    access = await requireOrgAccess(deps.db, principal, project.organizationSlug);
  } catch (err) {
    if (err instanceof ForbiddenError) throw new NotFoundError(NOT_FOUND);
    throw err;
  }
  requireScope(access, scope);
  return { principal, access, project };
}

/** Every project the caller may read `scope` of, across their organizations. */
export async function projectsReadableBy(
  deps: ApiDeps,
  principal: Principal,
  scope: Scope,
): Promise<ProjectRow[]> {
  const orgs = await listOrganizationsForUser(deps.db, principal.userId, principal.isSuperuser);
  const ids: number[] = [];
  for (const o of orgs) {
    if (holdsScope(await requireOrgAccess(deps.db, principal, o.slug), scope)) ids.push(o.id);
  }
  return listProjects(deps.db, ids);
}

/**
 * The projects an `appKey` filter names among those readable: all of them without a filter, the
 * app's project with one, 404 for a key that is unknown or not the caller's.
 */
export async function projectsForAppKey(
  deps: ApiDeps,
  principal: Principal,
  appKey: string | undefined,
  scope: Scope,
): Promise<ProjectRow[]> {
  const readable = await projectsReadableBy(deps, principal, scope);
  if (appKey === undefined) return readable;
  const projectId = await findProjectIdByAppKey(deps.db, appKey);
  const project = readable.find((p) => p.id === projectId);
  if (!project) throw new NotFoundError('unknown appKey');
  return [project];
}

/**
 * Where a new app or project goes: the named organization, else the caller's first organization in
 * which they may create projects, else a personal organization created now with the caller as owner.
 */
export async function callerOrganization(
  deps: ApiDeps,
  principal: Principal,
  orgSlug?: string,
): Promise<OrgAccess> {
  if (orgSlug !== undefined) {
    const access = await requireOrgAccess(deps.db, principal, orgSlug);
    requireScope(access, 'project:write');
    return access;
  }
  for (const o of await listOrganizationsForUser(deps.db, principal.userId, false)) {
    const access = await requireOrgAccess(deps.db, principal, o.slug);
    if (holdsScope(access, 'project:write')) return access;
  }
  const base = slugify(principal.email.split('@')[0] ?? 'personal');
  let slug = base;
  for (let i = 2; await findOrganizationBySlug(deps.db, slug); i++) slug = `${base}-${i}`;
  const { id } = await ensureOrganization(deps.db, slug, principal.email);
  await addMember(deps.db, id, principal.userId, 'owner');
  const access = await requireOrgAccess(deps.db, principal, slug);
  requireScope(access, 'project:write');
  return access;
}

/**
 * Checks the account's deletion code, which guards changing a pinned bundle id and deleting a
 * project: 409 `deletion_code_not_set` when the account has none, 422 `deletion_code_invalid` when
 * it is wrong or missing, 429 after repeated failures (a 4-digit PIN is guessable otherwise).
 */
export async function requireDeletionCode(
  deps: ApiDeps,
  throttle: FailureThrottle,
  principal: Principal,
  code: string | undefined,
): Promise<void> {
  if (!(await hasDeletionCode(deps.db, principal.userId))) {
    throw new FaultlineError('invalid_request', 409, 'deletion_code_not_set', [
      'set a deletion code first: PUT /api/account/deletion-code',
    ]);
  }
  const key = `deletion-code:${principal.userId}`;
  const wait = throttle.retryAfter(key);
  if (wait > 0) throw new RateLimitedError(wait, 'too many wrong deletion codes; try again later');
  if (code === undefined || !(await verifyDeletionCode(deps.db, principal.userId, code))) {
    throttle.recordFailure(key);
    throw new UnprocessableError('deletion_code_invalid', ['deletion_code: wrong or missing']);
  }
  throttle.reset(key);
}
