import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ForbiddenError } from '../../lib/errors.js';
import { createApiToken, listApiTokens } from '../../storage/users.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { ALL_SCOPES } from '../auth/scopes.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeApiToken } from '../serialize/api-token.js';

/**
 * POST /api/0/api-tokens/ — 201 with the new token in `token`, the only time it is shown (only its
 * hash is kept). A token's rights are its scopes ∩ its owner's role in each organization.
 */
export function createApiTokenRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/api-tokens/',
    summary: 'Create an API token (the token is in the answer, once)',
    tag: 'tokens',
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      scopes: z.array(z.enum(ALL_SCOPES)).min(1).max(ALL_SCOPES.length),
    }),
    status: 201,
    invalidStatus: 422,
    handler: async ({ body }, request) => {
      const p = await requirePrincipal(request, deps.db);
      // A token minting tokens could widen its own scopes; only a signed-in person may, as in Sentry.
      if (p.kind !== 'session')
        throw new ForbiddenError('API tokens can only be created from a signed-in session');
      const scopes = [...new Set(body.scopes)];
      const { id, token } = await createApiToken(deps.db, {
        userId: p.userId,
        scopes,
        ...(body.name ? { name: body.name } : {}),
      });
      const created = (await listApiTokens(deps.db, p.userId)).find((t) => t.id === id)!;
      return { ...serializeApiToken(created), token };
    },
  });
}
