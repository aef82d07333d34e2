import type { FastifyInstance } from 'fastify';
import { listOrganizationsForUser } from '../../storage/organizations.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeOrganization } from '../serialize/organization.js';

/** GET /api/0/organizations/ — the organizations the caller belongs to. */
export function listOrganizationsRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/',
    summary: 'List your organizations',
    tag: 'organizations',
    scopes: ['org:read'],
    handler: async (_input, request) => {
      const p = await requirePrincipal(request, deps.db);
      return (await listOrganizationsForUser(deps.db, p.userId, p.isSuperuser)).map((o) =>
        serializeOrganization(o),
      );
    },
  });
}
