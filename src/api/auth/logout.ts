import type { FastifyInstance } from 'fastify';
import { deleteSession } from '../../storage/users.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { presentedSecret } from './request-auth.js';
import { clearSessionCookie } from './session-cookie.js';

/** POST /api/auth/logout — ends the session the request carries; 204. */
export function logoutRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out',
    tag: 'auth',
    status: 204,
    handler: async (_input, request, reply) => {
      const secret = presentedSecret(request);
      if (secret?.startsWith('session_')) await deleteSession(deps.db, secret);
      clearSessionCookie(reply);
      return undefined;
    },
  });
}
