import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { createProject, getProjectById, listTeams } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeProject } from '../serialize/project.js';

/** POST /api/0/teams/{org}/{team}/projects/ — creates a project (and its first client key). */
export function createProjectRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/teams/:org/:team/projects/',
    summary: 'Create a project',
    tag: 'projects',
    scopes: ['project:write'],
    params: z.object({ org: z.string().min(1), team: z.string().min(1) }),
    body: z.object({
      name: z.string().trim().min(1).max(64),
      slug: z.string().trim().min(1).max(50).optional(),
      platform: z.string().trim().max(64).optional(),
    }),
    status: 201,
    handler: async ({ params, body }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'project:write');
      const team = (await listTeams(deps.db, access.organization.id)).find((t) => t.slug === params.team);
      if (!team) throw new NotFoundError('team not found');
      const { project } = await createProject(deps.db, {
        organizationSlug: access.organization.slug,
        name: body.name,
        slug: body.slug,
        platform: body.platform,
        teamId: team.id,
      });
      return serializeProject((await getProjectById(deps.db, project.id))!, { team });
    },
  });
}
