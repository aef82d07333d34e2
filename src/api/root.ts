import type { FastifyInstance } from 'fastify';
import { findPrincipalBySecret } from '../storage/users.js';
import { presentedSecret } from './auth/request-auth.js';
import { buildOpenApi, defineRoute } from './define-route.js';
import type { ApiDeps } from './deps.js';

/** GET /api/0/ (what `sentry-cli info` asks) and GET /api/openapi.json. */
export function rootRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/',
    summary: 'API version, and who the caller is',
    tag: 'meta',
    handler: async (_input, request) => {
      const secret = presentedSecret(request);
      const p = secret ? await findPrincipalBySecret(deps.db, secret) : undefined;
      return {
        version: '0',
        auth: p ? { scopes: p.scopes ? [...p.scopes] : ['org:read', 'project:read', 'event:read'] } : null,
        user: p ? { id: String(p.userId), email: p.email, username: p.email, name: p.email } : null,
      };
    },
  });
  app.get('/api/openapi.json', async () => buildOpenApi());
}
