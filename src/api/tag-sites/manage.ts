import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import {
  createTagSite,
  deleteTagSite,
  getTagSite,
  listTagSites,
  rotateTagSiteKey,
  tagSiteSettingsSchema,
  updateTagSite,
  type TagSiteSettings,
} from '../../storage/tag-sites.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams, requireOrg, requireSite, serializeTagSite, siteParams } from './site-access.js';

const url = z.string().trim().url().max(2000).nullable();

// A patch of the thresholds: any top-level field, and any field of `quality.*` and `probe`.
const thresholdsPatch = z
  .object({
    windowMinutes: z.number().int().min(1).max(1440),
    minExecutions: z.number().int().min(1),
    failureRateWarning: z.number().min(0).max(100).nullable(),
    failureRateCritical: z.number().min(0).max(100).nullable(),
    execTimeWarningMs: z.number().min(0).nullable(),
    execTimeCriticalMs: z.number().min(0).nullable(),
    noDataMinutes: z.number().int().min(1).nullable(),
    rateLimitPerMinute: z.number().int().min(1).nullable(),
    quality: z.partialRecord(
      z.enum(['email', 'phone', 'address', 'purchaseValue', 'purchaseCurrency', 'purchaseTransactionId']),
      z
        .object({
          warning: z.number().min(0).max(100).nullable(),
          critical: z.number().min(0).max(100).nullable(),
        })
        .partial(),
    ),
    probe: z
      .object({
        enabled: z.boolean(),
        endpoint: z.string().max(500),
        intervalSeconds: z.number().int().min(5).max(86_400),
        timeoutMs: z.number().int().min(10).max(60_000),
        warningMs: z.number().int().min(0),
        criticalMs: z.number().int().min(0),
        expectedStatus: z.number().int().min(100).max(599),
      })
      .partial(),
  })
  .partial()
  .strict();

type ThresholdsPatch = z.output<typeof thresholdsPatch>;

function mergeSettings(base: TagSiteSettings, patch: ThresholdsPatch | undefined): TagSiteSettings {
  if (!patch) return base;
  const { quality, probe, ...top } = patch;
  const mergedQuality = { ...base.quality };
  for (const [k, v] of Object.entries(quality ?? {})) {
    const key = k as keyof TagSiteSettings['quality'];
    mergedQuality[key] = { ...mergedQuality[key], ...v };
  }
  return tagSiteSettingsSchema.parse({
    ...base,
    ...top,
    quality: mergedQuality,
    probe: { ...base.probe, ...probe },
  });
}

/** Sites: list, create, read, update (enable/disable, thresholds), delete, rotate the ingest key. */
export function manageTagSiteRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/',
    summary: 'List tag-monitoring sites',
    tag: 'tag-monitoring',
    scopes: ['project:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrg(deps, request, params.org, 'project:read');
      return (await listTagSites(deps.db, access.organization.id)).map((s) => serializeTagSite(s));
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/tag-sites/',
    summary: 'Create a tag-monitoring site; the answer holds its ingest key, shown once',
    tag: 'tag-monitoring',
    scopes: ['project:write'],
    params: orgParams,
    body: z.object({
      name: z.string().trim().min(1).max(64),
      slug: z.string().trim().min(1).max(50).optional(),
      sgtm_url: url.optional(),
      thresholds: thresholdsPatch.optional(),
    }),
    status: 201,
    handler: async ({ params, body }, request) => {
      const access = await requireOrg(deps, request, params.org, 'project:write');
      const { site, ingestKey } = await createTagSite(deps.db, {
        organizationSlug: access.organization.slug,
        name: body.name,
        slug: body.slug,
        sgtmUrl: body.sgtm_url ?? null,
        settings: mergeSettings(tagSiteSettingsSchema.parse({}), body.thresholds),
      });
      return serializeTagSite(site, ingestKey);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/',
    summary: 'Read a tag-monitoring site',
    tag: 'tag-monitoring',
    scopes: ['project:read'],
    params: siteParams,
    handler: async ({ params }, request) =>
      serializeTagSite((await requireSite(deps, request, params, 'project:read')).site),
  });

  defineRoute(app, {
    method: 'PATCH',
    url: '/api/0/organizations/:org/tag-sites/:site/',
    summary: 'Update a tag-monitoring site: name, sGTM URL, enabled, thresholds (merged)',
    tag: 'tag-monitoring',
    scopes: ['project:write'],
    params: siteParams,
    body: z
      .object({
        name: z.string().trim().min(1).max(64),
        sgtm_url: url,
        enabled: z.boolean(),
        thresholds: thresholdsPatch,
      })
      .partial(),
    handler: async ({ params, body }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:write');
      await updateTagSite(deps.db, site.id, {
        name: body.name,
        sgtmUrl: body.sgtm_url,
        enabled: body.enabled,
        settings: body.thresholds ? mergeSettings(site.settings, body.thresholds) : undefined,
      });
      const updated = await getTagSite(deps.db, site.id);
      if (!updated) throw new NotFoundError('tag site not found');
      return serializeTagSite(updated);
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/0/organizations/:org/tag-sites/:site/',
    summary: 'Delete a tag-monitoring site and its data',
    tag: 'tag-monitoring',
    scopes: ['project:admin'],
    params: siteParams,
    status: 204,
    handler: async ({ params }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:admin');
      await deleteTagSite(deps.db, site.id);
      return undefined;
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/tag-sites/:site/rotate-key/',
    summary: 'Replace the ingest key; the old one stops working at once, the new one is shown once',
    tag: 'tag-monitoring',
    scopes: ['project:write'],
    params: siteParams,
    handler: async ({ params }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:write');
      const key = await rotateTagSiteKey(deps.db, site.id);
      const updated = await getTagSite(deps.db, site.id);
      if (!updated) throw new NotFoundError('tag site not found');
      return serializeTagSite(updated, key);
    },
  });
}
