import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { appRoutes } from './apps.js';
import { deletionCodeRoute } from './deletion-code.js';
import { deleteProjectIssueRoute } from './issue-delete.js';
import { collectorIssueRoutes } from './issues.js';
import { overviewRoute } from './overview.js';
import { seedProjectUpdateRoutes } from './project-update.js';
import { seedProjectRoutes } from './projects.js';
import { regenerateTokenRoute } from './regenerate.js';
import { releaseHealthRoutes } from './release-health.js';
import { userFeedbackRoutes } from './user-feedback.js';

/** The seed products' management APIs (docs/seed-apis.md), over the same projects and issues as /api/0/. */
export function seedApiRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const register of [
    seedProjectRoutes,
    seedProjectUpdateRoutes,
    regenerateTokenRoute,
    deleteProjectIssueRoute,
    deletionCodeRoute,
    appRoutes,
    overviewRoute,
    collectorIssueRoutes,
    userFeedbackRoutes,
    releaseHealthRoutes,
  ]) {
    register(app, deps);
  }
}
