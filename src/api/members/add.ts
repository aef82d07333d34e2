import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ForbiddenError, UnprocessableError } from '../../lib/errors.js';
import { addMember, findMemberRole, listMembers } from '../../storage/organizations.js';
import { findUserByEmail } from '../../storage/users.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { serializeMember } from './list.js';

/**
 * POST /api/0/organizations/{org}/members/ — adds a person who already has an account. Faultline
 * sends no email, so there are no invitations: the person signs up first, then is added. Only an
 * owner may make owners.
 */
export function addMemberRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/members/',
    summary: 'Add an existing user to an organization',
    tag: 'organizations',
    scopes: ['member:write'],
    params: orgParams,
    body: z.object({
      email: z.string().trim().toLowerCase().email().max(254),
      role: z.enum(['member', 'admin', 'owner']).default('member'),
    }),
    status: 201,
    invalidStatus: 422,
    handler: async ({ params, body }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'member:write');
      if (body.role === 'owner' && access.role !== 'owner')
        throw new ForbiddenError('only an owner can add owners');
      const user = await findUserByEmail(deps.db, body.email);
      if (!user)
        throw new UnprocessableError('no account with this email: ask them to sign up first', [
          'body.email: unknown',
        ]);
      if (await findMemberRole(deps.db, access.organization.id, user.id))
        throw new UnprocessableError('already a member of this organization', ['body.email: member']);
      await addMember(deps.db, access.organization.id, user.id, body.role);
      const added = (await listMembers(deps.db, access.organization.id)).find((m) => m.userId === user.id)!;
      return serializeMember(added);
    },
  });
}
