import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { latestEventPerIssue, listIssueEvents, listIssuesOfProjects } from '../../storage/collector-views.js';
import { listProjectIngestKeys } from '../../storage/ingest-tokens.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { requireIssueAccess } from '../issues/access.js';
import { projectsForAppKey } from './access.js';
import { serializeCollectorEvent, serializeCollectorIssue } from './serialize.js';

/**
 * GET /api/issues and GET /api/issues/:id — the web collector's issue API over the same issues as
 * /api/0/ (same ids): `{issues: […]}` and `{issue, events}`.
 */
export function collectorIssueRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/issues',
    summary: 'List issues, most recently seen first (web collector shape)',
    tag: 'seed',
    scopes: ['event:read'],
    query: z.object({
      appKey: z.string().min(1).max(128).optional(),
      limit: z.coerce.number().int().min(1).max(500).default(100),
    }),
    handler: async ({ query }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const projects = await projectsForAppKey(deps, principal, query.appKey, 'event:read');
      const ids = projects.map((p) => p.id);
      const issues = await listIssuesOfProjects(deps.db, ids, query.limit);
      const [keys, latest] = await Promise.all([
        listProjectIngestKeys(deps.db, ids),
        latestEventPerIssue(
          deps.db,
          issues.map((i) => i.id),
        ),
      ]);
      return {
        issues: issues.map((i) =>
          serializeCollectorIssue(i, keys.get(i.projectId)?.appKey ?? null, latest.get(i.id)),
        ),
      };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/issues/:id',
    summary: 'An issue with its events, newest first (web collector shape)',
    tag: 'seed',
    scopes: ['event:read'],
    params: z.object({ id: z.string().min(1).max(200) }),
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) }),
    handler: async ({ params, query }, request) => {
      const { issue } = await requireIssueAccess(deps, request, { id: params.id }, 'event:read');
      const appKey =
        (await listProjectIngestKeys(deps.db, [issue.projectId])).get(issue.projectId)?.appKey ?? null;
      const events = await listIssueEvents(deps.db, issue.id, query.limit);
      return {
        issue: serializeCollectorIssue(issue, appKey, events[0]),
        events: events.map((e) => serializeCollectorEvent(e, appKey)),
      };
    },
  });
}
