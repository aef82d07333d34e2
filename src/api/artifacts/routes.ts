import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { assembleRoute } from './assemble.js';
import { chunkUploadRoutes } from './chunk-upload.js';
import { listBundlesRoutes } from './list.js';

/** Source-map upload as `sentry-cli sourcemaps upload` does it: chunk upload, assemble, list. */
export function artifactRoutes(app: FastifyInstance, deps: ApiDeps): void {
  chunkUploadRoutes(app, deps);
  assembleRoute(app, deps);
  listBundlesRoutes(app, deps);
}
