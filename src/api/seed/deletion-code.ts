import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnprocessableError } from '../../lib/errors.js';
import { hasDeletionCode, setDeletionCode, verifyDeletionCode } from '../../storage/deletion-codes.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';

const pin = z.string().regex(/^\d{4,8}$/, 'a deletion code is 4 to 8 digits');

/**
 * PUT /api/account/deletion-code — sets the account's deletion code (the PIN that guards deleting
 * a project and changing its pinned bundle id); replacing one needs the current one.
 */
export function deletionCodeRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'PUT',
    url: '/api/account/deletion-code',
    summary: "Set the account's deletion code (4–8 digits)",
    tag: 'seed',
    body: z.object({ code: pin, current_code: z.string().max(16).optional() }),
    status: 204,
    invalidStatus: 422,
    handler: async ({ body }, request) => {
      const principal = await requirePrincipal(request, deps.db);
      if (
        (await hasDeletionCode(deps.db, principal.userId)) &&
        (body.current_code === undefined ||
          !(await verifyDeletionCode(deps.db, principal.userId, body.current_code)))
      ) {
        throw new UnprocessableError('deletion_code_invalid', ['current_code: wrong or missing']);
      }
      await setDeletionCode(deps.db, principal.userId, body.code);
      return undefined;
    },
  });
}
