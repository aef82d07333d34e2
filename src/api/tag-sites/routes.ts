import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { manageTagSiteRoutes } from './manage.js';
import { readTagSiteRoutes } from './read.js';

/** Tag-monitoring sites (docs/tag-monitoring.md). */
export function tagSiteRoutes(app: FastifyInstance, deps: ApiDeps): void {
  manageTagSiteRoutes(app, deps);
  readTagSiteRoutes(app, deps);
}
