import type { FastifyInstance } from 'fastify';
import { listIssueHashes } from '../../storage/issue-events.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeEvent } from '../serialize/event.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';

/** GET /api/0/issues/{id}/hashes/ — the grouping hashes that lead to the issue, each with its newest event. */
export function listIssueHashesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('hashes/', {})) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "List an issue's grouping hashes",
      tag: 'issues',
      scopes: ['event:read'],
      params: pathParams,
      handler: async ({ params }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        return (await listIssueHashes(deps.db, issue.id)).map((h) => ({
          id: h.hash,
          groupingVersion: h.groupingVersion,
          latestEvent: h.latestEvent ? serializeEvent(h.latestEvent) : null,
          mergedBySeer: false,
        }));
      },
    });
  }
}
