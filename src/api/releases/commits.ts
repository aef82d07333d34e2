import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../lib/errors.js';
import { findRelease } from '../../storage/releases.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { releaseParams, requireReleaseAccess } from './params.js';

/**
 * The two reads `sentry-cli releases set-commits` makes before it sends commits. Faultline has no
 * repository integrations and keeps no commits, so: no repositories, and no previous release with
 * commits (sentry-cli then sends the last 20 local commits, which the update accepts and drops).
 */
export function commitRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/repos/',
    summary: "List an organization's repositories (always empty: no integrations)",
    tag: 'releases',
    scopes: ['org:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      await requireReleaseAccess(deps, request, params.org, false);
      return [];
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/releases/:version/previous-with-commits/',
    summary: 'The previous release that has commits (always none: commits are not kept)',
    tag: 'releases',
    scopes: ['project:releases', 'project:read', 'org:read'],
    params: releaseParams,
    handler: async ({ params }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, false);
      if (!(await findRelease(deps.db, access.organization.id, params.version))) {
        throw new NotFoundError('release not found');
      }
      return {};
    },
  });
}
