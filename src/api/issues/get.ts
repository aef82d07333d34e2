import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';
import { presentIssues } from './present.js';

/** GET /api/0/issues/{id}/ and GET /api/0/organizations/{org}/issues/{id}/ (id or short id). */
export function getIssueRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('', {})) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: 'Retrieve an issue, with its event counts over the last day and month',
      tag: 'issues',
      scopes: ['event:read'],
      params: pathParams,
      handler: async ({ params }, request) => {
        const { issue, project } = await requireIssueAccess(deps, request, params, 'event:read');
        const [shown] = await presentIssues(deps, [issue], {
          statsPeriods: ['24h', '30d'],
          projects: [project],
        });
        // The detail view's extra fields, empty where Faultline keeps no such thing.
        return {
          ...shown!,
          activity: [],
          seenBy: [],
          participants: [],
          pluginActions: [],
          pluginIssues: [],
          pluginContexts: [],
          userReportCount: 0,
        };
      },
    });
  }
}
