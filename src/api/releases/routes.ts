import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { commitRoutes } from './commits.js';
import { createReleaseRoute } from './create.js';
import { deleteReleaseRoute } from './delete.js';
import { deployRoutes } from './deploys.js';
import { getReleaseRoutes } from './get.js';
import { listReleasesRoutes } from './list.js';
import { updateReleaseRoute } from './update.js';

/** Releases and deploys, organization- and project-level, as Sentry and sentry-cli use them. */
export function releaseRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const register of [
    listReleasesRoutes,
    createReleaseRoute,
    getReleaseRoutes,
    updateReleaseRoute,
    deleteReleaseRoute,
    deployRoutes,
    commitRoutes,
  ]) {
    register(app, deps);
  }
}
