import type { FastifyInstance } from 'fastify';
import { deleteIssues } from '../../storage/issue-triage.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';

/** DELETE /api/0/issues/{id}/ (and the organization path): the issue, its events and its counts. */
export function deleteIssueRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('', {})) {
    defineRoute(app, {
      method: 'DELETE',
      url,
      summary: 'Delete an issue and its events; a later event of the same kind starts a new issue',
      tag: 'issues',
      scopes: ['event:admin'],
      params: pathParams,
      // Sentry answers 202 (its deletion is queued); ours is done when the answer is sent.
      status: 202,
      handler: async ({ params }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:admin');
        await deleteIssues(deps.db, [issue.id]);
        return undefined;
      },
    });
  }
}
