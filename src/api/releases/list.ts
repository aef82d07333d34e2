import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { listProjects } from '../../storage/projects.js';
import { listReleases } from '../../storage/releases.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { projectParams } from '../projects/params.js';
import { serializeRelease } from '../serialize/release.js';
import { parseOffsetPage, setOffsetLinkHeader } from './offset-page.js';
import { requireReleaseAccess } from './params.js';
import { buildReleaseViews } from './views.js';

const listQuery = z
  .object({
    query: z.string().max(200).optional(),
    // Sentry's project filter: project ids, repeated; -1 means all projects.
    project: z.union([z.string(), z.array(z.string())]).optional(),
    cursor: z.string().optional(),
    per_page: z.string().optional(),
  })
  .passthrough();

/** GET /api/0/organizations/{org}/releases/ and GET /api/0/projects/{org}/{project}/releases/ */
export function listReleasesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/releases/',
    summary: "List an organization's releases, newest first (`?query=` matches the start of the version)",
    tag: 'releases',
    scopes: ['project:releases', 'project:read', 'org:read'],
    params: orgParams,
    query: listQuery,
    handler: async ({ params, query }, request, reply) => {
      const access = await requireReleaseAccess(deps, request, params.org, false);
      const orgId = access.organization.id;
      let projectIds: number[] | undefined;
      const wanted = [query.project ?? []].flat().filter((p) => p !== '-1' && p !== '');
      if (wanted.length > 0) {
        if (wanted.some((p) => !/^\d+$/.test(p))) throw new ValidationError('project must be a project id');
        const ids = new Set((await listProjects(deps.db, [orgId])).map((p) => p.id));
        projectIds = wanted.map(Number).filter((id) => ids.has(id));
      }
      const page = parseOffsetPage(query);
      const { rows, hasMore } = await listReleases(deps.db, {
        organizationId: orgId,
        projectIds,
        prefix: query.query,
        offset: page.offset,
        limit: page.limit,
      });
      setOffsetLinkHeader(request, reply, page, hasMore);
      return (await buildReleaseViews(deps.db, orgId, rows)).map(serializeRelease);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/releases/',
    summary: "List a project's releases, newest first (what `sentry-cli releases list` calls)",
    tag: 'releases',
    scopes: ['project:releases', 'project:read'],
    params: projectParams,
    query: listQuery,
    handler: async ({ params, query }, request, reply) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(
        deps.db,
        p,
        params.org,
        params.project,
        'project:releases',
        'project:read',
      );
      const page = parseOffsetPage(query);
      const { rows, hasMore } = await listReleases(deps.db, {
        organizationId: project.organizationId,
        projectIds: [project.id],
        prefix: query.query,
        offset: page.offset,
        limit: page.limit,
      });
      setOffsetLinkHeader(request, reply, page, hasMore);
      return (await buildReleaseViews(deps.db, project.organizationId, rows, project.id)).map(
        serializeRelease,
      );
    },
  });
}
