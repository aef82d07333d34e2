import type { FastifyInstance } from 'fastify';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { deleteRelease, findRelease, isReleaseReferenced } from '../../storage/releases.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { releaseParams, requireReleaseAccess } from './params.js';

/** DELETE /api/0/organizations/{org}/releases/{version}/ — refused, as in Sentry, while issues began in it. */
export function deleteReleaseRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/organizations/:org/releases/:version/',
    summary: 'Delete a release that no issue was first seen in',
    tag: 'releases',
    scopes: ['project:releases', 'project:write'],
    params: releaseParams,
    status: 204,
    handler: async ({ params }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, true);
      const orgId = access.organization.id;
      if (!(await findRelease(deps.db, orgId, params.version))) throw new NotFoundError('release not found');
      if (await isReleaseReferenced(deps.db, orgId, params.version)) {
        throw new ValidationError('This release is referenced by active issues and cannot be removed.');
      }
      await deleteRelease(deps.db, orgId, params.version);
      return undefined;
    },
  });
}
