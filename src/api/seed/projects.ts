import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { countRecentEvents } from '../../storage/collector-views.js';
import { listIngestSettings, updateIngestSettings } from '../../storage/ingest-settings.js';
import { createIngestToken, listProjectIngestKeys } from '../../storage/ingest-tokens.js';
import { createProject, getProjectById, type ProjectRow } from '../../storage/projects.js';
import type { Schema } from '../../storage/schema.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { callerOrganization, projectsReadableBy } from './access.js';
import { serializeSeedProject } from './serialize.js';

const DAY = 24 * 3600;

/** Projects in the mobile SDK's shape, with their settings, keys and 30-day event counts. */
export async function presentSeedProjects(db: Kysely<Schema>, projects: ProjectRow[]) {
  const ids = projects.map((p) => p.id);
  const [settings, keys, counts] = await Promise.all([
    listIngestSettings(db, ids),
    listProjectIngestKeys(db, ids),
    countRecentEvents(db, ids, Date.now() / 1000 - 30 * DAY),
  ]);
  return projects.map((p) =>
    serializeSeedProject(p, settings.get(p.id)!, keys.get(p.id), counts.get(p.id) ?? 0),
  );
}

/** GET and POST /api/projects — the mobile SDK's project API (its CLI reads `projects`, its docs `data`). */
export function seedProjectRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects',
    summary: 'List your projects (mobile SDK shape)',
    tag: 'seed',
    scopes: ['project:read'],
    handler: async (_input, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const list = await presentSeedProjects(
        deps.db,
        await projectsReadableBy(deps, principal, 'project:read'),
      );
      return { data: list, projects: list };
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects',
    summary: 'Create a project and its ingest token (shown once)',
    tag: 'seed',
    scopes: ['project:write'],
    body: z.object({
      name: z.string().trim().min(1).max(64),
      platform: z.string().trim().min(1).max(32).optional(),
      organization: z.string().trim().min(1).max(100).optional(),
      notify_on_first_seen: z.boolean().optional(),
      notify_on_regression: z.boolean().optional(),
      notify_on_threshold: z.number().int().min(1).nullable().optional(),
    }),
    status: 201,
    invalidStatus: 422,
    handler: async ({ body }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const access = await callerOrganization(deps, principal, body.organization);
      const { project } = await createProject(deps.db, {
        organizationSlug: access.organization.slug,
        name: body.name,
        platform: body.platform,
      });
      await updateIngestSettings(deps.db, project.id, {
        ...(body.notify_on_first_seen !== undefined ? { notifyOnFirstSeen: body.notify_on_first_seen } : {}),
        ...(body.notify_on_regression !== undefined ? { notifyOnRegression: body.notify_on_regression } : {}),
        ...(body.notify_on_threshold !== undefined ? { notifyOnThreshold: body.notify_on_threshold } : {}),
      });
      const token = await createIngestToken(deps.db, project.id);
      const [shown] = await presentSeedProjects(deps.db, [(await getProjectById(deps.db, project.id))!]);
      return { ...shown, token };
    },
  });
}
