import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listProjects } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeOrganization } from '../serialize/organization.js';
import { serializeProject } from '../serialize/project.js';

export const orgParams = z.object({ org: z.string().min(1).max(100) });

/** GET /api/0/organizations/{org}/ — one organization, with its projects. */
export function getOrganizationRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/',
    summary: 'Retrieve an organization',
    tag: 'organizations',
    scopes: ['org:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'org:read');
      const projects = await listProjects(deps.db, [access.organization.id]);
      return {
        ...serializeOrganization(access.organization, access.role),
        access: [...access.scopes],
        projects: projects.map((p) => serializeProject(p)),
      };
    },
  });
}
