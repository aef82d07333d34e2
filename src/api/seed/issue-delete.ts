import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { deleteFeedbackOfIssue } from '../../storage/feedback.js';
import { deleteIssues } from '../../storage/issue-triage.js';
import { getIssue } from '../../storage/issues.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { requireProjectById } from './access.js';

/**
 * DELETE /api/projects/{id}/issues/{issueId} — GDPR erasure as the mobile SDK's docs describe it
 * (find a user's issues, delete them): the issue, its events, their attachments and feedback.
 */
export function deleteProjectIssueRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/projects/:id/issues/:issueId',
    summary: 'Delete an issue with its events, attachments and feedback',
    tag: 'seed',
    scopes: ['event:admin'],
    params: z.object({ id: z.string().min(1).max(40), issueId: z.string().regex(/^\d{1,15}$/) }),
    status: 204,
    handler: async ({ params }, request) => {
      const { project } = await requireProjectById(deps, request, params.id, 'event:admin');
      const issue = await getIssue(deps.db, Number(params.issueId));
      if (!issue || issue.projectId !== project.id) throw new NotFoundError('issue not found');
      await deleteFeedbackOfIssue(deps.db, project.id, issue.id);
      await deleteIssues(deps.db, [issue.id]);
      return undefined;
    },
  });
}
