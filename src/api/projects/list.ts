import type { FastifyInstance } from 'fastify';
import { listOrganizationsForUser } from '../../storage/organizations.js';
import { listProjects } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { serializeProject } from '../serialize/project.js';

/** GET /api/0/projects/ and GET /api/0/organizations/{org}/projects/ */
export function listProjectsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/',
    summary: 'List every project you can access',
    tag: 'projects',
    scopes: ['project:read'],
    handler: async (_input, request) => {
      const p = await requirePrincipal(request, deps.db);
      const orgs = await listOrganizationsForUser(deps.db, p.userId, p.isSuperuser);
      const readable: number[] = [];
      for (const o of orgs) {
        const access = await requireOrgAccess(deps.db, p, o.slug);
        if (
          access.scopes.has('project:read') ||
          access.scopes.has('project:write') ||
          access.scopes.has('project:admin')
        ) {
          readable.push(o.id);
        }
      }
      return (await listProjects(deps.db, readable)).map((x) => serializeProject(x));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/projects/',
    summary: "List an organization's projects",
    tag: 'projects',
    scopes: ['project:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'project:read');
      return (await listProjects(deps.db, [access.organization.id])).map((x) => serializeProject(x));
    },
  });
}
