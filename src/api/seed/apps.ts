import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  getIngestSettings,
  listIngestSettings,
  updateIngestSettings,
} from '../../storage/ingest-settings.js';
import { createAppKey, listProjectIngestKeys } from '../../storage/ingest-tokens.js';
import { createProject, getProjectById } from '../../storage/projects.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { callerOrganization, projectsReadableBy } from './access.js';
import { serializeApp } from './serialize.js';

/**
 * GET and POST /api/apps — the web collector's apps. An app is a project with an app key; it goes
 * into the caller's organization (a personal one is created for a caller who has none).
 */
export function appRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/apps',
    summary: 'List your apps (projects with a web collector app key)',
    tag: 'seed',
    scopes: ['project:read'],
    handler: async (_input, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const projects = await projectsReadableBy(deps, principal, 'project:read');
      const ids = projects.map((p) => p.id);
      const [keys, settings] = await Promise.all([
        listProjectIngestKeys(deps.db, ids),
        listIngestSettings(deps.db, ids),
      ]);
      const apps = projects.flatMap((p) => {
        const appKey = keys.get(p.id)?.appKey;
        return appKey ? [serializeApp(p, settings.get(p.id)!, appKey)] : [];
      });
      return { apps };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/apps',
    summary: 'Create an app and its app key',
    tag: 'seed',
    scopes: ['project:write'],
    body: z.object({
      name: z.string().trim().min(1).max(64),
      type: z.string().trim().min(1).max(32).default('web'),
      organization: z.string().trim().min(1).max(100).optional(),
    }),
    status: 201,
    invalidStatus: 422,
    handler: async ({ body }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const access = await callerOrganization(deps, principal, body.organization);
      const { project } = await createProject(deps.db, {
        organizationSlug: access.organization.slug,
        name: body.name,
        platform: body.type === 'web' ? 'javascript' : body.type,
      });
      await updateIngestSettings(deps.db, project.id, { appType: body.type });
      const appKey = await createAppKey(deps.db, project.id, body.type);
      const row = (await getProjectById(deps.db, project.id))!;
      return serializeApp(row, await getIngestSettings(deps.db, project.id), appKey);
    },
  });
}
