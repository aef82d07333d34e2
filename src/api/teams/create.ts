import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnprocessableError } from '../../lib/errors.js';
import { slugify } from '../../lib/ids.js';
import { createTeam, listTeams } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { serializeTeam } from '../serialize/organization.js';

/** POST /api/0/organizations/{org}/teams/ */
export function createTeamRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/teams/',
    summary: 'Create a team',
    tag: 'teams',
    scopes: ['team:write'],
    params: orgParams,
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      slug: z.string().trim().min(1).max(50).optional(),
    }),
    status: 201,
    handler: async ({ params, body }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'team:write');
      const name = body.name ?? body.slug;
      if (!name) throw new UnprocessableError('name or slug is required');
      const slug = slugify(body.slug ?? name);
      if ((await listTeams(deps.db, access.organization.id)).some((t) => t.slug === slug)) {
        throw new UnprocessableError('a team with this slug already exists');
      }
      return serializeTeam(await createTeam(deps.db, access.organization.id, name, slug));
    },
  });
}
