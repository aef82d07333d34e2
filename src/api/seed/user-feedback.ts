import type { FastifyInstance } from 'fastify';
import { listFeedback } from '../../storage/feedback.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { issueParams, issuePaths, requireIssueAccess } from '../issues/access.js';
import { projectParams } from '../projects/params.js';
import { serializeFeedback } from './serialize.js';

/**
 * User feedback, newest first, in Sentry's user-report shape: GET /api/0/issues/{id}/user-feedback/
 * and GET /api/0/projects/{org}/{project}/user-feedback/. Feedback reaches an issue through the
 * event it is about.
 */
export function userFeedbackRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const url of issuePaths('user-feedback/')) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "List an issue's user feedback",
      tag: 'seed',
      scopes: ['event:read'],
      params: issueParams,
      handler: async ({ params }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        return (await listFeedback(deps.db, { projectId: issue.projectId, issueId: issue.id })).map(
          serializeFeedback,
        );
      },
    });
  }

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/user-feedback/',
    summary: "List a project's user feedback",
    tag: 'seed',
    scopes: ['event:read'],
    params: projectParams,
    handler: async ({ params }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(
        deps.db,
        principal,
        params.org,
        params.project,
        'event:read',
      );
      return (await listFeedback(deps.db, { projectId: project.id })).map(serializeFeedback);
    },
  });
}
