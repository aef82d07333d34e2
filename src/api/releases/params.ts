import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { listProjects, type ProjectRow } from '../../storage/projects.js';
import { requireOrgAccess, requirePrincipal, requireScope, type OrgAccess } from '../auth/request-auth.js';
import type { ApiDeps } from '../deps.js';

/** `{org}/{version}`: the version arrives URL-decoded (`web%402.0.0` → `web@2.0.0`). */
export const releaseParams = z.object({
  org: z.string().min(1).max(100),
  version: z.string().min(1).max(200),
});

/** `{org}/{project}/{version}`. */
export const projectReleaseParams = releaseParams.extend({ project: z.string().min(1).max(100) });

/**
 * A new release's version, as Sentry accepts it (Release.is_valid_version): trimmed, at most 200
 * characters, no line breaks, tabs or backslashes, and not `.`, `..` or `latest`. Sentry also
 * refuses `/`; Faultline allows it, because SDKs send such versions and the digest keeps them.
 */
export const releaseVersion = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !/[\r\n\f\t\\]/.test(v) && !['.', '..', 'latest'].includes(v.toLowerCase()), {
    message: 'this release version is not allowed',
  });

/** An ISO 8601 date-time as sentry-cli sends it (nanoseconds, `Z` or an offset; none means UTC) → seconds. */
export const isoSeconds = z
  .union([z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })])
  .transform((s) => Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s}Z`) / 1000);

/** Organization access for release calls: writes need project:releases (or project:write). */
export async function requireReleaseAccess(
  deps: ApiDeps,
  request: FastifyRequest,
  org: string,
  write: boolean,
): Promise<OrgAccess> {
  const access = await requireOrgAccess(deps.db, await requirePrincipal(request, deps.db), org);
  if (write) requireScope(access, 'project:releases', 'project:write');
  else requireScope(access, 'project:releases', 'project:read', 'org:read');
  return access;
}

/** The organization's projects named by `slugs`; 400 naming any slug that is not one of them. */
export async function resolveProjectSlugs(
  deps: ApiDeps,
  organizationId: number,
  slugs: string[],
): Promise<ProjectRow[]> {
  const bySlug = new Map((await listProjects(deps.db, [organizationId])).map((p) => [p.slug, p]));
  const unknown = slugs.filter((s) => !bySlug.has(s));
  if (unknown.length > 0) {
    throw new ValidationError(
      'Invalid project slugs',
      unknown.map((s) => `projects: no project ${s} in this organization`),
    );
  }
  return [...new Set(slugs)].map((s) => bySlug.get(s)!);
}
