import type { FastifyInstance } from 'fastify';
import { listOrganizationsForUser } from '../../storage/organizations.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeUser } from '../serialize/user.js';
import { requirePrincipal } from './request-auth.js';

/** GET /api/auth/me — the signed-in user and the organizations they can open. */
export function meRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/auth/me',
    summary: 'The signed-in user',
    tag: 'auth',
    handler: async (_input, request) => {
      const p = await requirePrincipal(request, deps.db);
      const orgs = await listOrganizationsForUser(deps.db, p.userId, p.isSuperuser);
      return {
        user: serializeUser({ id: p.userId, email: p.email, isSuperuser: p.isSuperuser }),
        organizations: orgs.map((o) => ({ id: String(o.id), slug: o.slug, name: o.name })),
        ...(p.scopes ? { scopes: [...p.scopes] } : {}),
      };
    },
  });
}
