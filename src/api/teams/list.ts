import type { FastifyInstance } from 'fastify';
import { listTeams } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { serializeTeam } from '../serialize/organization.js';

/** GET /api/0/organizations/{org}/teams/ */
export function listTeamsRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/teams/',
    summary: "List an organization's teams",
    tag: 'teams',
    scopes: ['team:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'team:read');
      return (await listTeams(deps.db, access.organization.id)).map(serializeTeam);
    },
  });
}
