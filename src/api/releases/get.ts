import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { findRelease, listReleaseProjects } from '../../storage/releases.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeRelease } from '../serialize/release.js';
import { projectReleaseParams, releaseParams, requireReleaseAccess } from './params.js';
import { buildReleaseViews } from './views.js';

/** GET /api/0/organizations/{org}/releases/{version}/ and its project-level twin. */
export function getReleaseRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/releases/:version/',
    summary: 'Retrieve a release',
    tag: 'releases',
    scopes: ['project:releases', 'project:read', 'org:read'],
    params: releaseParams,
    handler: async ({ params }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, false);
      const release = await findRelease(deps.db, access.organization.id, params.version);
      if (!release) throw new NotFoundError('release not found');
      const [view] = await buildReleaseViews(deps.db, access.organization.id, [release]);
      return serializeRelease(view!);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/releases/:version/',
    summary: "Retrieve a project's release",
    tag: 'releases',
    scopes: ['project:releases', 'project:read'],
    params: projectReleaseParams,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(
        deps.db,
        p,
        params.org,
        params.project,
        'project:releases',
        'project:read',
      );
      const orgId = project.organizationId;
      const release = await findRelease(deps.db, orgId, params.version);
      const projects = release ? await listReleaseProjects(deps.db, orgId, [release.version]) : undefined;
      if (!release || !projects?.get(release.version)?.some((x) => x.id === project.id)) {
        throw new NotFoundError('release not found');
      }
      const [view] = await buildReleaseViews(deps.db, orgId, [release], project.id);
      return serializeRelease(view!);
    },
  });
}
