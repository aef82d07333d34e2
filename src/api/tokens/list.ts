import type { FastifyInstance } from 'fastify';
import { listApiTokens } from '../../storage/users.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeApiToken } from '../serialize/api-token.js';

/** GET /api/0/api-tokens/ — the caller's own API tokens (not revoked), newest first. */
export function listApiTokensRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/api-tokens/',
    summary: 'List your API tokens',
    tag: 'tokens',
    handler: async (_input, request) => {
      const p = await requirePrincipal(request, deps.db);
      return (await listApiTokens(deps.db, p.userId)).map(serializeApiToken);
    },
  });
}
