import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { addReleaseProjects, findRelease, updateRelease } from '../../storage/releases.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeRelease } from '../serialize/release.js';
import { isoSeconds, releaseParams, requireReleaseAccess, resolveProjectSlugs } from './params.js';
import { buildReleaseViews } from './views.js';

/**
 * PUT /api/0/organizations/{org}/releases/{version}/ — `sentry-cli releases finalize` sets
 * dateReleased here, and `set-commits` sends commits (accepted, not kept). Projects listed are
 * added to the release.
 */
export function updateReleaseRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'PUT',
    url: '/api/0/organizations/:org/releases/:version/',
    summary: 'Update a release: ref, url, dateReleased (finalize), projects',
    tag: 'releases',
    scopes: ['project:releases', 'project:write'],
    params: releaseParams,
    body: z.object({
      ref: z.string().max(1024).nullish(),
      url: z.string().max(1024).nullish(),
      dateReleased: isoSeconds.nullish(),
      projects: z.array(z.string().min(1).max(100)).max(1000).optional(),
      commits: z.array(z.unknown()).nullish(),
      refs: z.array(z.unknown()).nullish(),
    }),
    handler: async ({ params, body }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, true);
      const orgId = access.organization.id;
      const release = await findRelease(deps.db, orgId, params.version);
      if (!release) throw new NotFoundError('release not found');
      if (body.projects) {
        const projects = await resolveProjectSlugs(deps, orgId, body.projects);
        await addReleaseProjects(
          deps.db,
          release.version,
          projects.map((p) => p.id),
          Date.now() / 1000,
        );
      }
      await updateRelease(deps.db, orgId, release, {
        ref: body.ref,
        url: body.url,
        dateReleased: body.dateReleased,
      });
      const updated = (await findRelease(deps.db, orgId, release.version))!;
      const [view] = await buildReleaseViews(deps.db, orgId, [updated]);
      return serializeRelease(view!);
    },
  });
}
