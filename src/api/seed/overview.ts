import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_KIND_TAG } from '../../processing/collector-event.js';
import { overviewTotals } from '../../storage/collector-views.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectsForAppKey } from './access.js';

/**
 * GET /api/overview — the web collector's totals over the caller's projects, or one app's:
 * `{totals: {events, errors, failedRequests, affectedUsers, issues}}` (and `sessions`).
 */
export function overviewRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/overview',
    summary: 'Totals: events, errors, failed requests, affected users, issues',
    tag: 'seed',
    scopes: ['event:read'],
    query: z.object({ appKey: z.string().min(1).max(128).optional() }),
    handler: async ({ query }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const projects = await projectsForAppKey(deps, principal, query.appKey, 'event:read');
      const totals = await overviewTotals(
        deps.db,
        projects.map((p) => p.id),
        EVENT_KIND_TAG,
      );
      return { totals };
    },
  });
}
