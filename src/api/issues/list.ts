import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, ValidationError } from '../../lib/errors.js';
import {
  countIssues,
  ISSUE_SORTS,
  searchIssues,
  sortValue,
  type IssueFilter,
  type IssueListQuery,
  type IssueSort,
} from '../../storage/issue-query.js';
import { listProjects, type ProjectRow } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { parsePageRequest, setLinkHeader } from '../pagination.js';
import { projectParams } from '../projects/params.js';
import { parseSearch } from './parse-search.js';
import { presentIssues, type StatsPeriod } from './present.js';

/** A query parameter that may be repeated (`?id=1&id=2`). */
export const repeated = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const isoTime = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const ms = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(v) || v.length === 10 ? v : `${v}Z`);
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO 8601 time' });
      return z.NEVER;
    }
    return ms / 1000;
  });

export const listQuery = z.object({
  query: z.string().max(2000).optional(),
  sort: z.enum(ISSUE_SORTS, { message: `sort must be one of ${ISSUE_SORTS.join(', ')}` }).default('date'),
  statsPeriod: z
    .enum(['24h', '14d', ''], { message: 'statsPeriod must be 24h, 14d or empty' })
    .default('24h'),
  environment: repeated,
  start: isoTime,
  end: isoTime,
  cursor: z.string().optional(),
  per_page: z.string().optional(),
  limit: z.string().optional(),
});
type ListQuery = z.output<typeof listQuery>;

/**
 * The search a list request asks for: `query` (Sentry's default `is:unresolved` when absent, nothing
 * when empty) and the `environment` parameters, which Sentry applies as one more filter.
 */
export function listSearch(q: {
  query?: string | undefined;
  environment: string[];
}): IssueListQuery['search'] {
  const search = parseSearch(q.query ?? 'is:unresolved');
  if (q.environment.length === 0) return search;
  const env: IssueFilter = { kind: 'tag', key: 'environment', values: q.environment, negated: false };
  return { ...search, filters: [...search.filters, env] };
}

async function answerList(
  deps: ApiDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  projects: ProjectRow[],
  q: ListQuery,
) {
  const page = parsePageRequest(q, 100);
  const listQuery: IssueListQuery = {
    projectIds: projects.map((p) => p.id),
    search: listSearch(q),
    window: { since: q.start, until: q.end },
    now: Date.now() / 1000,
  };
  const sort: IssueSort = q.sort;
  const result = await searchIssues(deps.db, listQuery, sort, page);
  setLinkHeader(request, reply, result, page, (i) => ({ value: sortValue(i, sort), id: i.id }));
  reply.header('x-hits', String(await countIssues(deps.db, listQuery)));
  const statsPeriods: StatsPeriod[] = q.statsPeriod === '' ? [] : [q.statsPeriod];
  return presentIssues(deps, result.rows, { statsPeriods, projects });
}

/** GET /api/0/projects/{org}/{project}/issues/ and GET /api/0/organizations/{org}/issues/ */
export function listIssuesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/issues/',
    summary: "List a project's issues (Sentry search syntax in `query`)",
    tag: 'issues',
    scopes: ['event:read'],
    params: projectParams,
    query: listQuery,
    handler: async ({ params, query }, request, reply) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'event:read');
      return answerList(deps, request, reply, [project], query);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/issues/',
    summary: "List an organization's issues, across its projects or those in `project`",
    tag: 'issues',
    scopes: ['event:read'],
    params: z.object({ org: z.string().min(1).max(100) }),
    query: listQuery.extend({ project: repeated }),
    handler: async ({ params, query }, request, reply) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'event:read');
      const all = await listProjects(deps.db, [access.organization.id]);
      const wanted = query.project.map(Number);
      if (wanted.some((id) => !Number.isInteger(id)))
        throw new ValidationError('project must be project ids');
      // `-1` (or no `project`) means every project of the organization, as in Sentry.
      const projects =
        wanted.length === 0 || wanted.includes(-1) ? all : all.filter((p) => wanted.includes(p.id));
      if (projects.length < new Set(wanted.filter((id) => id !== -1)).size) {
        throw new ForbiddenError('You do not have permission to perform this action.');
      }
      return answerList(deps, request, reply, projects, query);
    },
  });
}
