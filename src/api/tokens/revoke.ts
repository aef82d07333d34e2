import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { revokeApiToken } from '../../storage/users.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';

const tokenId = z.string().regex(/^\d+$/, 'a token id is a number').transform(Number);

/**
 * DELETE /api/0/api-tokens/{id}/ and DELETE /api/0/api-tokens/?tokenId= (Sentry's form) — revokes
 * one of the caller's tokens; 204, or 404 when the caller has no such token.
 */
export function revokeApiTokenRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const revoke = async (request: Parameters<typeof requirePrincipal>[0], id: number) => {
    const p = await requirePrincipal(request, deps.db);
    if (!(await revokeApiToken(deps.db, p.userId, id))) throw new NotFoundError('API token not found');
    return undefined;
  };
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/api-tokens/:tokenId/',
    summary: 'Revoke one of your API tokens',
    tag: 'tokens',
    params: z.object({ tokenId }),
    status: 204,
    handler: ({ params }, request) => revoke(request, params.tokenId),
  });
  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/api-tokens/',
    summary: 'Revoke one of your API tokens (`?tokenId=`)',
    tag: 'tokens',
    query: z.object({ tokenId: tokenId.optional() }),
    status: 204,
    handler: ({ query }, request) => {
      if (query.tokenId === undefined) throw new ValidationError('tokenId is required');
      return revoke(request, query.tokenId);
    },
  });
}
