import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../lib/errors.js';
import { getIssue } from '../../storage/issues.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';
import {
  applyFlags,
  applyStatus,
  planStatus,
  requestedStatus,
  resolveAssignee,
  updateBody,
} from './change-status.js';
import { presentIssues } from './present.js';

/** PUT /api/0/issues/{id}/ (and the organization path): status, assignee, seen and bookmark flags. */
export function updateIssueRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('', {})) {
    defineRoute(app, {
      method: 'PUT',
      url,
      summary: 'Update an issue: resolve, ignore or reopen it, assign it, bookmark it, mark it seen',
      tag: 'issues',
      scopes: ['event:write'],
      params: pathParams,
      body: updateBody,
      handler: async ({ params, body }, request) => {
        const { access, issue, project } = await requireIssueAccess(deps, request, params, 'event:write');
        if (body.merge !== undefined) {
          throw new ValidationError(
            'merge is a bulk change: PUT /api/0/projects/{org}/{project}/issues/?id=…',
          );
        }
        const status = requestedStatus(body);
        const assignee =
          body.assignedTo === undefined
            ? undefined
            : await resolveAssignee(deps.db, access.organization.id, access.principal, body.assignedTo);
        const now = Date.now() / 1000;
        const plan = status === undefined ? undefined : await planStatus(deps.db, issue, status, body, now);
        await deps.db.transaction().execute(async (tx) => {
          if (plan) await applyStatus(tx, issue.id, plan, now);
          await applyFlags(tx, [issue.id], body, assignee);
        });
        const [shown] = await presentIssues(deps, [(await getIssue(deps.db, issue.id))!], {
          projects: [project],
        });
        return shown;
      },
    });
  }
}
