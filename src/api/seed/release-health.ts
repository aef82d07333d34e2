import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { summarizeRelease } from '../../processing/release-health.js';
import type { Schema } from '../../storage/schema.js';
import { countReleaseSessions } from '../../storage/sessions.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';
import { iso } from '../serialize/organization.js';
import { requireProjectById } from './access.js';

const DAY = 24 * 3600;

const windowQuery = {
  days: z.coerce.number().int().min(1).max(90).default(14),
  environment: z.string().min(1).max(64).optional(),
};

/** Crash-free users and sessions per release over the last `days`, and over all releases. */
async function releaseHealthReport(
  db: Kysely<Schema>,
  projectId: number,
  days: number,
  environment?: string,
) {
  const since = Date.now() / 1000 - days * DAY;
  const [perRelease, all] = await Promise.all([
    countReleaseSessions(db, projectId, { since, environment }),
    countReleaseSessions(db, projectId, { since, environment, perRelease: false }),
  ]);
  const empty = {
    release: null,
    sessions: 0,
    errored: 0,
    abnormal: 0,
    crashed: 0,
    users: 0,
    crashedUsers: 0,
  };
  return {
    projectId: String(projectId),
    days,
    since: iso(since),
    environment: environment ?? null,
    releases: perRelease.map(summarizeRelease).sort((a, b) => b.sessions.total - a.sessions.total),
    total: summarizeRelease(all[0] ?? empty),
  };
}

/**
 * Release health: GET /api/0/projects/{org}/{project}/release-health/ and, in the mobile SDK's
 * style by project id, GET /api/sessions/summary?project={id}.
 */
export function releaseHealthRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/release-health/',
    summary: 'Crash-free users and sessions per release (default: last 14 days)',
    tag: 'seed',
    scopes: ['project:read'],
    params: projectParams,
    query: z.object(windowQuery),
    handler: async ({ params, query }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(
        deps.db,
        principal,
        params.org,
        params.project,
        'project:read',
      );
      return releaseHealthReport(deps.db, project.id, query.days, query.environment);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/sessions/summary',
    summary: 'Crash-free users and sessions per release of a project, by project id',
    tag: 'seed',
    scopes: ['project:read'],
    query: z.object({ project: z.string().min(1).max(40), ...windowQuery }),
    handler: async ({ query }, request) => {
      const { project } = await requireProjectById(deps, request, query.project, 'project:read');
      return releaseHealthReport(deps.db, project.id, query.days, query.environment);
    },
  });
}
