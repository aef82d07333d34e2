import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { ForbiddenError, UnauthorizedError } from '../../lib/errors.js';
import {
  findMemberRole,
  findOrganizationBySlug,
  type OrganizationRecord,
} from '../../storage/organizations.js';
import type { Schema } from '../../storage/schema.js';
import { findPrincipalBySecret, type Principal } from '../../storage/users.js';
import { ROLE_SCOPES, isRole, type Role, type Scope } from './scopes.js';

export const SESSION_COOKIE = 'faultline_session';

/** The secret a request presents: Bearer token, HTTP Basic `token:` (legacy API keys), or the session cookie. */
export function presentedSecret(request: FastifyRequest): string | undefined {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const [scheme, value] = [
      auth.slice(0, auth.indexOf(' ')).toLowerCase(),
      auth.slice(auth.indexOf(' ') + 1).trim(),
    ];
    if (scheme === 'bearer' && value) return value;
    if (scheme === 'basic' && value) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const user = decoded.slice(0, decoded.indexOf(':') === -1 ? undefined : decoded.indexOf(':'));
      if (user) return user;
    }
  }
  const cookie = request.headers.cookie;
  if (typeof cookie === 'string') {
    for (const part of cookie.split(';')) {
      const eq = part.indexOf('=');
      if (eq !== -1 && part.slice(0, eq).trim() === SESSION_COOKIE)
        return decodeURIComponent(part.slice(eq + 1).trim());
    }
  }
  return undefined;
}

/** The user behind the request, or 401. */
export async function requirePrincipal(request: FastifyRequest, db: Kysely<Schema>): Promise<Principal> {
  const secret = presentedSecret(request);
  if (!secret) throw new UnauthorizedError('authentication credentials were not provided');
  const principal = await findPrincipalBySecret(db, secret);
  if (!principal) throw new UnauthorizedError('invalid or expired token', 'invalid_auth');
  return principal;
}

export interface OrgAccess {
  principal: Principal;
  organization: OrganizationRecord;
  role: Role;
  scopes: ReadonlySet<Scope>;
}

// One answer for "no such organization" and "not yours", so tokens cannot probe other tenants.
const NO_ACCESS = 'You do not have permission to perform this action.';

/** The principal's access to an organization: role ∩ token scopes; 403 when not a member. */
export async function requireOrgAccess(
  db: Kysely<Schema>,
  principal: Principal,
  orgSlug: string,
): Promise<OrgAccess> {
  const organization = await findOrganizationBySlug(db, orgSlug);
  if (!organization) throw new ForbiddenError(NO_ACCESS);
  const stored = principal.isSuperuser
    ? 'owner'
    : await findMemberRole(db, organization.id, principal.userId);
  if (!stored || !isRole(stored)) throw new ForbiddenError(NO_ACCESS);
  const roleScopes = ROLE_SCOPES[stored];
  const scopes = principal.scopes
    ? new Set([...roleScopes].filter((s) => principal.scopes!.has(s)))
    : roleScopes;
  return { principal, organization, role: stored, scopes };
}

/**
 * Throws 403 unless the access holds one of `anyOf`. A `:write` or `:admin` scope implies `:read`
 * of the same resource, as in Sentry.
 */
export function requireScope(access: { scopes: ReadonlySet<Scope> }, ...anyOf: Scope[]): void {
  for (const need of anyOf) {
    if (access.scopes.has(need)) return;
    const [resource, level] = need.split(':');
    if (
      level === 'read' &&
      (access.scopes.has(`${resource}:write` as Scope) || access.scopes.has(`${resource}:admin` as Scope))
    )
      return;
    if (level === 'write' && access.scopes.has(`${resource}:admin` as Scope)) return;
  }
  throw new ForbiddenError(`missing scope: ${anyOf.join(' or ')}`, 'forbidden');
}
