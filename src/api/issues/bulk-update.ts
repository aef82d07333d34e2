import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../../lib/errors.js';
import { mergeIssues } from '../../storage/issues.js';
import { findUsersByIds } from '../../storage/issue-triage.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';
import { assigneeUserId, publicStatusDetails } from '../serialize/issue.js';
import { bulkIds, bulkQuery, bulkTargets } from './bulk-targets.js';
import {
  applyFlags,
  applyStatus,
  planStatus,
  requestedStatus,
  resolveAssignee,
  updateBody,
  type StatusPlan,
} from './change-status.js';

/**
 * PUT /api/0/projects/{org}/{project}/issues/ — Sentry's "Bulk Mutate a List of Issues", and merge
 * (`{"merge": 1}` with two or more `?id=`). Answers what was applied, or 204 when nothing matched.
 */
export function bulkUpdateIssuesRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'PUT',
    url: '/api/0/projects/:org/:project/issues/',
    summary: 'Bulk update issues by `?id=` (or all matching `?query=`), or merge them',
    tag: 'issues',
    scopes: ['event:write'],
    params: projectParams,
    query: bulkQuery,
    body: updateBody,
    handler: async ({ params, query, body }, request, reply) => {
      const p = await requirePrincipal(request, deps.db);
      const { access, project } = await requireProjectAccess(
        deps.db,
        p,
        params.org,
        params.project,
        'event:write',
      );
      const status = requestedStatus(body);
      if (body.merge !== undefined) {
        if (bulkIds(query).length < 2) throw new ValidationError('merge needs at least two issues in ?id=');
      } else if (status === undefined && bulkIds(query).length === 0) {
        throw new ValidationError('changes other than status need the issues in ?id=');
      }
      const issues = await bulkTargets(deps, project, query);
      if (issues.length === 0) {
        reply.code(204).send();
        return undefined;
      }

      if (body.merge !== undefined) {
        if (issues.length < 2) throw new ValidationError('merge needs at least two issues of this project');
        // Sentry keeps the issue with the most events and merges the others into it.
        const [parent, ...children] = [...issues].sort((a, b) => b.timesSeen - a.timesSeen || b.id - a.id);
        const childIds = children.map((c) => c.id);
        await deps.db.transaction().execute((tx) => mergeIssues(tx, parent!.id, childIds));
        return { merge: { parent: String(parent!.id), children: childIds.map(String) } };
      }

      const assignee =
        body.assignedTo === undefined
          ? undefined
          : await resolveAssignee(deps.db, access.organization.id, access.principal, body.assignedTo);
      const now = Date.now() / 1000;
      const plans = new Map<number, StatusPlan>();
      if (status !== undefined) {
        for (const issue of issues) plans.set(issue.id, await planStatus(deps.db, issue, status, body, now));
      }
      await deps.db.transaction().execute(async (tx) => {
        for (const [id, plan] of plans) await applyStatus(tx, id, plan, now);
        await applyFlags(
          tx,
          issues.map((i) => i.id),
          body,
          assignee,
        );
      });

      const result: Record<string, unknown> = {};
      const plan = plans.values().next().value;
      if (plan) {
        result.status = plan.status;
        result.substatus = plan.status === 'resolved' ? null : plan.substatus;
        result.statusDetails = publicStatusDetails(plan.status, plan.details as Record<string, unknown>);
      }
      if (body.hasSeen !== undefined) result.hasSeen = body.hasSeen;
      if (body.isBookmarked !== undefined) result.isBookmarked = body.isBookmarked;
      if (assignee !== undefined) {
        const id = assigneeUserId(assignee);
        const user = id === undefined ? undefined : (await findUsersByIds(deps.db, [id])).get(id);
        result.assignedTo = user
          ? { type: 'user', id: String(user.id), name: user.email, email: user.email }
          : null;
      }
      return result;
    },
  });
}
