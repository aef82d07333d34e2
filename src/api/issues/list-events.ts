import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { pageIssueEvents } from '../../storage/issue-events.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { parsePageRequest, setLinkHeader } from '../pagination.js';
import { serializeEvent, serializeEventSummary } from '../serialize/event.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

/** GET /api/0/issues/{id}/events/ — the issue's events, newest first, keyset-paginated. */
export function listIssueEventsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('events/', {})) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "List an issue's events, newest first (`full=true` for whole events)",
      tag: 'events',
      scopes: ['event:read'],
      params: pathParams,
      query: z.object({
        full: flag,
        cursor: z.string().optional(),
        per_page: z.string().optional(),
        limit: z.string().optional(),
      }),
      handler: async ({ params, query }, request, reply) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        const page = parsePageRequest(query, 100);
        const result = await pageIssueEvents(deps.db, issue.id, page);
        setLinkHeader(request, reply, result, page, (e) => ({ value: e.timestamp, id: e.id }));
        return result.rows.map((e) => (query.full ? serializeEvent(e) : serializeEventSummary(e)));
      },
    });
  }
}
