import type { FastifyInstance } from 'fastify';
import { UnprocessableError } from '../../lib/errors.js';
import { countUsers, createSession, createUser, findUserByEmail } from '../../storage/users.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeUser } from '../serialize/user.js';
import { credentialsBody } from './credentials.js';
import { setSessionCookie } from './session-cookie.js';

/** POST /api/auth/register — 201 `{token, user}`; the very first user becomes the superuser. */
export function registerRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/auth/register',
    summary: 'Create an account and sign in',
    tag: 'auth',
    body: credentialsBody,
    status: 201,
    invalidStatus: 422,
    handler: async ({ body }, _request, reply) => {
      if (await findUserByEmail(deps.db, body.email))
        throw new UnprocessableError('email is already registered', ['body.email: taken']);
      const first = (await countUsers(deps.db)) === 0;
      const user = await createUser(deps.db, {
        email: body.email,
        password: body.password,
        superuser: first,
      }).catch(async (err: unknown) => {
        // Two registrations racing for one email: the unique index decides, the loser gets the same 422.
        if (await findUserByEmail(deps.db, body.email))
          throw new UnprocessableError('email is already registered', ['body.email: taken']);
        throw err;
      });
      const token = await createSession(deps.db, user.id, deps.sessionTtlSeconds);
      setSessionCookie(reply, token, deps.sessionTtlSeconds);
      return { token, user: serializeUser({ ...user, createdAt: Date.now() / 1000, isSuperuser: first }) };
    },
  });
}
