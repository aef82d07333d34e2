import type { FastifyInstance } from 'fastify';
import {
  getProjectSettings,
  projectSettingsSchema,
  updateProjectSettings,
} from '../../storage/project-settings.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from './params.js';

/** GET and PUT /api/0/projects/{org}/{project}/settings/ — privacy, retention, rate limits, in-app rules. */
export function projectSettingsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/settings/',
    summary: "A project's privacy, retention, rate-limit and in-app settings",
    tag: 'projects',
    scopes: ['project:read'],
    params: projectParams,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:read');
      return getProjectSettings(deps.db, project.id);
    },
  });
  defineRoute(app, {
    method: 'PUT',
    url: '/api/0/projects/:org/:project/settings/',
    summary: "Change a project's settings (only the fields given)",
    tag: 'projects',
    scopes: ['project:write'],
    params: projectParams,
    body: projectSettingsSchema.partial(),
    handler: async ({ params, body }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:write');
      const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return updateProjectSettings(deps.db, project.id, patch);
    },
  });
}
