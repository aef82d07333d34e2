import type { FastifyInstance } from 'fastify';
import { listTeams } from '../../storage/projects.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeProject } from '../serialize/project.js';
import { projectParams } from './params.js';

/** GET /api/0/projects/{org}/{project}/ */
export function getProjectRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/',
    summary: 'Retrieve a project',
    tag: 'projects',
    scopes: ['project:read'],
    params: projectParams,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:read');
      const team = (await listTeams(deps.db, project.organizationId)).find((t) => t.id === project.teamId);
      return serializeProject(project, team ? { team } : {});
    },
  });
}
