import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { slugify } from '../../lib/ids.js';
import { deleteProject, getProjectById, updateProject } from '../../storage/projects.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeProject } from '../serialize/project.js';
import { projectParams } from './params.js';

/** PUT and DELETE /api/0/projects/{org}/{project}/ */
export function updateProjectRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'PUT',
    url: '/api/0/projects/:org/:project/',
    summary: 'Update a project',
    tag: 'projects',
    scopes: ['project:write'],
    params: projectParams,
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      slug: z.string().trim().min(1).max(50).optional(),
      platform: z.string().trim().max(64).nullable().optional(),
    }),
    handler: async ({ params, body }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:write');
      await updateProject(deps.db, project.id, {
        ...body,
        slug: body.slug === undefined ? undefined : slugify(body.slug),
      });
      return serializeProject((await getProjectById(deps.db, project.id))!);
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/projects/:org/:project/',
    summary: 'Delete a project and all its data',
    tag: 'projects',
    scopes: ['project:admin'],
    params: projectParams,
    status: 204,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:admin');
      await deleteProject(deps.db, project.id);
      return undefined;
    },
  });
}
