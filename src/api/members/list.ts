import type { FastifyInstance } from 'fastify';
import { listMembers, type MemberRecord } from '../../storage/organizations.js';
import { requireOrgAccess, requirePrincipal, requireScope } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { iso } from '../serialize/organization.js';
import { orgParams } from '../organizations/get.js';

/** A member in Sentry's shape (`id` is the user id here: Faultline has no separate membership id). */
export function serializeMember(m: MemberRecord) {
  const roleName = m.role.charAt(0).toUpperCase() + m.role.slice(1);
  return {
    id: String(m.userId),
    email: m.email,
    name: m.email,
    role: m.role,
    roleName,
    pending: false,
    dateCreated: iso(m.createdAt),
    user: { id: String(m.userId), email: m.email, name: m.email, username: m.email },
  };
}

/** GET /api/0/organizations/{org}/members/ */
export function listMembersRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/members/',
    summary: "List an organization's members",
    tag: 'organizations',
    scopes: ['member:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), params.org);
      requireScope(access, 'member:read');
      return (await listMembers(deps.db, access.organization.id)).map(serializeMember);
    },
  });
}
