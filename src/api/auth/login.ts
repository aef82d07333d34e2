import type { FastifyInstance } from 'fastify';
import { RateLimitedError, UnauthorizedError } from '../../lib/errors.js';
import { verifyPassword } from '../../lib/secrets.js';
import { createSession, findUserByEmail } from '../../storage/users.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeUser } from '../serialize/user.js';
import { setSessionCookie } from './session-cookie.js';
import { z } from 'zod';

// A hash of a random password, so an unknown email costs the same scrypt time as a known one.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/** POST /api/auth/login — `{token, user}`; 401 on bad credentials; 429 after repeated failures. */
export function loginRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with email and password',
    tag: 'auth',
    body: z.object({ email: z.string().trim().toLowerCase().max(254), password: z.string().max(1024) }),
    invalidStatus: 422,
    handler: async ({ body }, request, reply) => {
      const keys = [`email:${body.email}`, `ip:${request.ip}`];
      const wait = Math.max(...keys.map((k) => deps.loginThrottle.retryAfter(k)));
      if (wait > 0) throw new RateLimitedError(wait, 'too many failed logins; try again later');
      const user = await findUserByEmail(deps.db, body.email);
      const ok = await verifyPassword(body.password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !ok) {
        for (const k of keys) deps.loginThrottle.recordFailure(k);
        throw new UnauthorizedError('invalid email or password', 'invalid_auth');
      }
      deps.loginThrottle.reset(`email:${body.email}`);
      const token = await createSession(deps.db, user.id, deps.sessionTtlSeconds);
      setSessionCookie(reply, token, deps.sessionTtlSeconds);
      return {
        token,
        user: serializeUser({ id: user.id, email: user.email, isSuperuser: user.isSuperuser }),
      };
    },
  });
}
