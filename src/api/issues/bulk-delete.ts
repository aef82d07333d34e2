import type { FastifyInstance } from 'fastify';
import { deleteIssues } from '../../storage/issue-triage.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';
import { bulkQuery, bulkTargets } from './bulk-targets.js';

/** DELETE /api/0/projects/{org}/{project}/issues/ — Sentry's "Bulk Remove a List of Issues". */
export function bulkDeleteIssuesRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/projects/:org/:project/issues/',
    summary: 'Bulk delete issues by `?id=` (or all matching `?query=`) with their events',
    tag: 'issues',
    scopes: ['event:admin'],
    params: projectParams,
    query: bulkQuery,
    status: 204,
    handler: async ({ params, query }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'event:admin');
      const issues = await bulkTargets(deps, project, query);
      await deleteIssues(
        deps.db,
        issues.map((i) => i.id),
      );
      return undefined;
    },
  });
}
