import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { findTagSite, type TagSite } from '../../storage/tag-sites.js';
import { requireOrgAccess, requirePrincipal, requireScope, type OrgAccess } from '../auth/request-auth.js';
import type { Scope } from '../auth/scopes.js';
import type { ApiDeps } from '../deps.js';

export const orgParams = z.object({ org: z.string().min(1) });
export const siteParams = z.object({ org: z.string().min(1), site: z.string().min(1) });
export const hoursQuery = z.object({
  hours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24),
});

/** Organization access with one of `scopes`. */
export async function requireOrg(
  deps: ApiDeps,
  request: FastifyRequest,
  org: string,
  ...scopes: Scope[]
): Promise<OrgAccess> {
  const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), org);
  requireScope(access, ...scopes);
  return access;
}

/** The site named in the path, with access checked; 404 when the organization has no such site. */
export async function requireSite(
  deps: ApiDeps,
  request: FastifyRequest,
  params: { org: string; site: string },
  ...scopes: Scope[]
): Promise<{ access: OrgAccess; site: TagSite }> {
  const access = await requireOrg(deps, request, params.org, ...scopes);
  const site = await findTagSite(deps.db, access.organization.id, params.site);
  if (!site) throw new NotFoundError('tag site not found');
  return { access, site };
}

/** Seconds since the epoch as ISO-8601 UTC (Probr's timestamp form). */
export function iso(seconds: number | null): string | null {
  return seconds === null ? null : new Date(seconds * 1000).toISOString();
}

/** A percentage rounded to two places; null when there is nothing to divide by. */
export function pct(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : null;
}

/** The period [from, to) of the last `hours`, including the current minute. */
export function period(hours: number, now = Date.now() / 1000): { from: number; to: number } {
  const to = Math.floor(now / 60) * 60 + 60;
  return { from: to - hours * 3600, to };
}

/** The site as the API shows it; `ingestKey` only right after creation or rotation. */
export function serializeTagSite(site: TagSite, ingestKey?: string): Record<string, unknown> {
  return {
    id: String(site.id),
    slug: site.slug,
    name: site.name,
    organization: site.organizationSlug,
    kind: 'tag_monitoring',
    enabled: site.enabled,
    sgtm_url: site.sgtmUrl,
    ingest_key_prefix: site.keyPrefix,
    ...(ingestKey ? { ingest_key: ingestKey } : {}),
    thresholds: site.settings,
    created_at: iso(site.createdAt),
    last_probe_at: iso(site.lastProbeAt),
  };
}
