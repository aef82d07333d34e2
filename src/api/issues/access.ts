import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, NotFoundError } from '../../lib/errors.js';
import { getIssue, type IssueRecord } from '../../storage/issues.js';
import { resolveIssueId } from '../../storage/issue-triage.js';
import { findProject, getProjectById, type ProjectRow } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope, type OrgAccess } from '../auth/request-auth.js';
import type { Scope } from '../auth/scopes.js';
import type { ApiDeps } from '../deps.js';
import { parseShortId } from '../serialize/issue.js';

const idShape = { id: z.string().min(1).max(200) };
const orgShape = { org: z.string().min(1).max(100) };

/** What the handlers of an issue path read: the id, and the organization on its organization form. */
export type IssuePathParams = { id: string; org?: string | undefined };

/**
 * Both paths Sentry serves an issue resource under — `/api/0/issues/{id}/…` and
 * `/api/0/organizations/{org}/issues/{id}/…` — each with its own path parameters (plus `extra`),
 * so the OpenAPI document names only the parameters each path has.
 */
export function issueRoutePaths<S extends z.ZodRawShape>(suffix: string, extra: S) {
  return [
    { url: `/api/0/issues/:id/${suffix}`, params: z.object({ ...idShape, ...extra }) },
    {
      url: `/api/0/organizations/:org/issues/:id/${suffix}`,
      params: z.object({ ...orgShape, ...idShape, ...extra }),
    },
  ] as const;
}

/** `{id}` and, on the organization form of the path, `{org}` (for routes defined over both paths). */
export const issueParams = z.object({ org: orgShape.org.optional(), ...idShape });

/** The URLs of both issue paths (see issueRoutePaths). */
export function issuePaths(suffix = ''): string[] {
  return issueRoutePaths(suffix, {}).map((p) => p.url);
}

// One answer for "no such issue" and "an issue of an organization you are not in": a token must not
// learn which ids exist elsewhere.
const NOT_FOUND = 'issue not found';

export interface IssueAccess {
  access: OrgAccess;
  issue: IssueRecord;
  project: ProjectRow;
}

async function lookUpIssueId(
  deps: ApiDeps,
  rawId: string,
  organizationId: number | undefined,
): Promise<number | undefined> {
  if (/^\d+$/.test(rawId)) return Number(rawId);
  // `SHOP-1A` is accepted where the organization is known, as Sentry accepts short ids there.
  const short = organizationId === undefined ? undefined : parseShortId(rawId);
  if (!short || organizationId === undefined) return undefined;
  const project = await findProject(deps.db, organizationId, short.projectSlug);
  if (!project) return undefined;
  const issue = await getIssue(deps.db, short.issueId);
  return issue?.projectId === project.id ? issue.id : undefined;
}

/**
 * The issue named by the path, after checking the caller: 401 without valid credentials; 404 when
 * the issue does not exist or belongs to an organization the caller is not a member of; 403 when
 * the caller is a member without one of `scopes`. An id of a merged issue names the issue it was
 * merged into, as Sentry redirects it.
 */
export async function requireIssueAccess(
  deps: ApiDeps,
  request: FastifyRequest,
  params: IssuePathParams,
  ...scopes: Scope[]
): Promise<IssueAccess> {
  const principal = await requirePrincipal(request, deps.db);
  // On the organization path, membership is checked first, like every other organization route.
  const orgAccess =
    params.org === undefined ? undefined : await requireOrgAccess(deps.db, principal, params.org);
  const rawId = await lookUpIssueId(deps, params.id, orgAccess?.organization.id);
  const id = rawId === undefined ? undefined : await resolveIssueId(deps.db, rawId);
  const issue = id === undefined ? undefined : await getIssue(deps.db, id);
  const project = issue && (await getProjectById(deps.db, issue.projectId));
  if (!issue || !project) throw new NotFoundError(NOT_FOUND);
  if (orgAccess && orgAccess.organization.id !== project.organizationId) throw new NotFoundError(NOT_FOUND);
  let access = orgAccess;
  if (!access) {
    try {
      access = await requireOrgAccess(deps.db, principal, project.organizationSlug);
    } catch (err) {
      if (err instanceof ForbiddenError) throw new NotFoundError(NOT_FOUND);
      throw err;
    }
  }
  requireScope(access, ...scopes);
  return { access, issue, project };
}
