import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { bulkDeleteIssuesRoute } from './bulk-delete.js';
import { bulkUpdateIssuesRoute } from './bulk-update.js';
import { deleteIssueRoutes } from './delete.js';
import { getEventRoutes } from './get-event.js';
import { getIssueRoutes } from './get.js';
import { listIssueEventsRoutes } from './list-events.js';
import { listIssueHashesRoutes } from './list-hashes.js';
import { listIssueTagsRoutes } from './list-tags.js';
import { listIssuesRoutes } from './list.js';
import { projectStatsRoute } from './project-stats.js';
import { updateIssueRoutes } from './update.js';

/** Issues, their events, tags and hashes, and project stats: Sentry's issue API. */
export function issueRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const register of [
    listIssuesRoutes,
    getIssueRoutes,
    updateIssueRoutes,
    deleteIssueRoutes,
    bulkUpdateIssuesRoute,
    bulkDeleteIssuesRoute,
    listIssueEventsRoutes,
    getEventRoutes,
    listIssueTagsRoutes,
    listIssueHashesRoutes,
    projectStatsRoute,
  ]) {
    register(app, deps);
  }
}
