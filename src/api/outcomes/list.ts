import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { summarizeOutcomes } from '../../storage/outcomes.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';

const PERIODS: Record<string, number> = {
  '1h': 3600,
  '24h': 86400,
  '7d': 7 * 86400,
  '14d': 14 * 86400,
  '30d': 30 * 86400,
  '90d': 90 * 86400,
};

/** GET /api/0/projects/{org}/{project}/outcomes/ — what was dropped, rate limited or discarded by SDKs, and why. */
export function listOutcomesRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/outcomes/',
    summary: 'Counts of dropped data per outcome, category and reason (client reports included)',
    tag: 'projects',
    scopes: ['project:read'],
    params: projectParams,
    query: z.object({ statsPeriod: z.enum(Object.keys(PERIODS) as [string, ...string[]]).default('24h') }),
    handler: async ({ params, query }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:read');
      const since = Date.now() / 1000 - PERIODS[query.statsPeriod]!;
      const groups = await summarizeOutcomes(deps.db, project.id, since);
      return { statsPeriod: query.statsPeriod, groups };
    },
  });
}
