import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { createRelease, findRelease } from '../../storage/releases.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { serializeRelease } from '../serialize/release.js';
import { isoSeconds, releaseVersion, requireReleaseAccess, resolveProjectSlugs } from './params.js';
import { buildReleaseViews } from './views.js';

/**
 * POST /api/0/organizations/{org}/releases/ — what `sentry-cli releases new` calls. Idempotent, as
 * in Sentry: 201 when the release or one of its projects is new, 208 Already Reported otherwise.
 * `commits`, `refs` and `dateStarted` are accepted and not kept.
 */
export function createReleaseRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/releases/',
    summary: 'Create a release (or add projects to an existing one)',
    tag: 'releases',
    scopes: ['project:releases', 'project:write'],
    params: orgParams,
    body: z.object({
      version: releaseVersion,
      projects: z.array(z.string().min(1).max(100)).max(1000).default([]),
      ref: z.string().max(1024).nullish(),
      url: z.string().max(1024).nullish(),
      dateReleased: isoSeconds.nullish(),
      commits: z.array(z.unknown()).nullish(),
      refs: z.array(z.unknown()).nullish(),
    }),
    status: 201,
    handler: async ({ params, body }, request, reply) => {
      const access = await requireReleaseAccess(deps, request, params.org, true);
      const orgId = access.organization.id;
      const projects = await resolveProjectSlugs(deps, orgId, body.projects);
      const { created, newProjects } = await createRelease(deps.db, {
        organizationId: orgId,
        version: body.version,
        ref: body.ref ?? null,
        url: body.url ?? null,
        dateReleased: body.dateReleased ?? null,
        projectIds: projects.map((p) => p.id),
        at: Date.now() / 1000,
      });
      if (!created && newProjects === 0) reply.code(208);
      const release = (await findRelease(deps.db, orgId, body.version))!;
      const [view] = await buildReleaseViews(deps.db, orgId, [release]);
      return serializeRelease(view!);
    },
  });
}
