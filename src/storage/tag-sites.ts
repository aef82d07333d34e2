import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { hashToken, safeEqual } from '../lib/secrets.js';
import { createProject, deleteProject } from './projects.js';
import type { Schema } from './schema.js';

const percent = z.number().min(0).max(100).nullable();
const qualityRule = z.object({ warning: percent.default(null), critical: percent.default(null) });

/**
 * A site's thresholds and probe settings, stored as JSON and validated whenever read back. Rates are
 * percentages. Data-quality rules are off (null) until set: a site sending page views only would
 * otherwise always be "missing" e-mails. Probr's UI targets are in docs/tag-monitoring.md.
 */
export const tagSiteSettingsSchema = z.object({
  /** Complete minutes the rules look back over. */
  windowMinutes: z.number().int().min(1).max(1440).default(5),
  /** Executions (or events) a window needs before a rate is judged. */
  minExecutions: z.number().int().min(1).default(10),
  failureRateWarning: percent.default(5),
  failureRateCritical: percent.default(20),
  execTimeWarningMs: z.number().min(0).nullable().default(2000),
  execTimeCriticalMs: z.number().min(0).nullable().default(5000),
  /** Minutes without any data before a critical "no data" alert; null = off. */
  noDataMinutes: z.number().int().min(1).nullable().default(30),
  quality: z
    .object({
      email: qualityRule.default({ warning: null, critical: null }),
      phone: qualityRule.default({ warning: null, critical: null }),
      address: qualityRule.default({ warning: null, critical: null }),
      purchaseValue: qualityRule.default({ warning: null, critical: null }),
      purchaseCurrency: qualityRule.default({ warning: null, critical: null }),
      purchaseTransactionId: qualityRule.default({ warning: null, critical: null }),
    })
    .default({
      email: { warning: null, critical: null },
      phone: { warning: null, critical: null },
      address: { warning: null, critical: null },
      purchaseValue: { warning: null, critical: null },
      purchaseCurrency: { warning: null, critical: null },
      purchaseTransactionId: { warning: null, critical: null },
    }),
  /** Ingest requests per minute for the site; null = unlimited. */
  rateLimitPerMinute: z.number().int().min(1).nullable().default(null),
  probe: z
    .object({
      enabled: z.boolean().default(true),
      /** Appended to the site's sGTM URL (Probr's `http_health` default). */
      endpoint: z.string().max(500).default('/healthy'),
      intervalSeconds: z.number().int().min(5).max(86_400).default(300),
      timeoutMs: z.number().int().min(10).max(60_000).default(10_000),
      warningMs: z.number().int().min(0).default(2000),
      criticalMs: z.number().int().min(0).default(5000),
      expectedStatus: z.number().int().min(100).max(599).default(200),
    })
    .default({
      enabled: true,
      endpoint: '/healthy',
      intervalSeconds: 300,
      timeoutMs: 10_000,
      warningMs: 2000,
      criticalMs: 5000,
      expectedStatus: 200,
    }),
});

export type TagSiteSettings = z.output<typeof tagSiteSettingsSchema>;

/** Settings from the stored JSON: invalid or missing values fall back to the defaults. */
export function parseTagSiteSettings(json: string | null | undefined): TagSiteSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json ?? '{}');
  } catch {
    raw = {};
  }
  const parsed = tagSiteSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : tagSiteSettingsSchema.parse({});
}

export interface TagSite {
  id: number;
  organizationId: number;
  organizationSlug: string;
  slug: string;
  name: string;
  enabled: boolean;
  sgtmUrl: string | null;
  keyPrefix: string;
  settings: TagSiteSettings;
  createdAt: number;
  lastProbeAt: number | null;
}

const KEY_PREFIX_LENGTH = 16;

/** A new ingest key: `pk_live_` and 32 random bytes (URL-safe), as Probr's keys look. */
function newIngestKey(): { key: string; prefix: string; hash: string } {
  const key = `pk_live_${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, KEY_PREFIX_LENGTH), hash: hashToken(key) };
}

function sitesQuery(db: Kysely<Schema>) {
  return db
    .selectFrom('tag_sites')
    .innerJoin('projects', 'projects.id', 'tag_sites.project_id')
    .innerJoin('organizations', 'organizations.id', 'projects.organization_id')
    .select([
      'tag_sites.project_id',
      'tag_sites.enabled',
      'tag_sites.sgtm_url',
      'tag_sites.key_prefix',
      'tag_sites.settings',
      'tag_sites.created_at',
      'tag_sites.last_probe_at',
      'projects.slug',
      'projects.name',
      'projects.organization_id',
      'organizations.slug as org_slug',
    ]);
}

type SiteRow = Awaited<ReturnType<ReturnType<typeof sitesQuery>['executeTakeFirstOrThrow']>>;

function toSite(r: SiteRow): TagSite {
  return {
    id: Number(r.project_id),
    organizationId: Number(r.organization_id),
    organizationSlug: r.org_slug,
    slug: r.slug,
    name: r.name,
    enabled: Number(r.enabled) === 1,
    sgtmUrl: r.sgtm_url,
    keyPrefix: r.key_prefix,
    settings: parseTagSiteSettings(r.settings),
    createdAt: Number(r.created_at),
    lastProbeAt: r.last_probe_at === null ? null : Number(r.last_probe_at),
  };
}

/** Creates a site (a project of platform `sgtm`) and its ingest key; the key is returned once. */
export async function createTagSite(
  db: Kysely<Schema>,
  input: {
    organizationSlug: string;
    name: string;
    slug?: string | undefined;
    sgtmUrl?: string | null | undefined;
    settings: TagSiteSettings;
  },
): Promise<{ site: TagSite; ingestKey: string }> {
  const { project } = await createProject(db, {
    organizationSlug: input.organizationSlug,
    name: input.name,
    slug: input.slug,
    platform: 'sgtm',
  });
  const k = newIngestKey();
  await db
    .insertInto('tag_sites')
    .values({
      project_id: project.id,
      sgtm_url: input.sgtmUrl ?? null,
      key_prefix: k.prefix,
      key_hash: k.hash,
      settings: JSON.stringify(input.settings),
      created_at: Date.now() / 1000,
    })
    .execute();
  const site = await getTagSite(db, project.id);
  if (!site) throw new Error('site vanished after insert');
  return { site, ingestKey: k.key };
}

/** A site by id. */
export async function getTagSite(db: Kysely<Schema>, id: number): Promise<TagSite | undefined> {
  const r = await sitesQuery(db).where('tag_sites.project_id', '=', id).executeTakeFirst();
  return r && toSite(r);
}

/** A site of an organization by slug (or numeric id). */
export async function findTagSite(
  db: Kysely<Schema>,
  organizationId: number,
  slugOrId: string,
): Promise<TagSite | undefined> {
  let q = sitesQuery(db).where('projects.organization_id', '=', organizationId);
  q = /^\d+$/.test(slugOrId)
    ? q.where((eb) => eb.or([eb('projects.slug', '=', slugOrId), eb('projects.id', '=', Number(slugOrId))]))
    : q.where('projects.slug', '=', slugOrId);
  const r = await q.executeTakeFirst();
  return r && toSite(r);
}

/** Sites of an organization (all sites when undefined), by slug. */
export async function listTagSites(db: Kysely<Schema>, organizationId?: number): Promise<TagSite[]> {
  let q = sitesQuery(db);
  if (organizationId !== undefined) q = q.where('projects.organization_id', '=', organizationId);
  return (await q.orderBy('projects.slug').execute()).map(toSite);
}

/** The site an ingest key belongs to (enabled or not): one query by the indexed prefix, then the hash. */
export async function findTagSiteByKey(db: Kysely<Schema>, key: string): Promise<TagSite | undefined> {
  if (key.length < KEY_PREFIX_LENGTH || key.length > 200) return undefined;
  const rows = await sitesQuery(db)
    .select('tag_sites.key_hash')
    .where('tag_sites.key_prefix', '=', key.slice(0, KEY_PREFIX_LENGTH))
    .execute();
  const hash = hashToken(key);
  const match = rows.find((r) => safeEqual(r.key_hash, hash));
  return match && toSite(match);
}

/** Changes a site's name, sGTM URL, enabled flag or settings. */
export async function updateTagSite(
  db: Kysely<Schema>,
  id: number,
  patch: {
    name?: string | undefined;
    sgtmUrl?: string | null | undefined;
    enabled?: boolean | undefined;
    settings?: TagSiteSettings | undefined;
  },
): Promise<void> {
  if (patch.name !== undefined)
    await db.updateTable('projects').set({ name: patch.name }).where('id', '=', id).execute();
  const set: { sgtm_url?: string | null; enabled?: number; settings?: string } = {};
  if (patch.sgtmUrl !== undefined) set.sgtm_url = patch.sgtmUrl;
  if (patch.enabled !== undefined) set.enabled = patch.enabled ? 1 : 0;
  if (patch.settings !== undefined) set.settings = JSON.stringify(patch.settings);
  if (Object.keys(set).length > 0)
    await db.updateTable('tag_sites').set(set).where('project_id', '=', id).execute();
}

/** Replaces a site's ingest key; the old key stops working at once. Returns the new key (shown once). */
export async function rotateTagSiteKey(db: Kysely<Schema>, id: number): Promise<string> {
  const k = newIngestKey();
  await db
    .updateTable('tag_sites')
    .set({ key_prefix: k.prefix, key_hash: k.hash })
    .where('project_id', '=', id)
    .execute();
  return k.key;
}

/** Records when the site was last probed. */
export async function markProbed(db: Kysely<Schema>, id: number, at: number): Promise<void> {
  await db.updateTable('tag_sites').set({ last_probe_at: at }).where('project_id', '=', id).execute();
}

/** Deletes a site with its project, buckets, alerts and probe results. */
export async function deleteTagSite(db: Kysely<Schema>, id: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const t of [
      'tag_bucket_events',
      'tag_bucket_tags',
      'tag_buckets',
      'tag_alerts',
      'tag_probe_results',
    ] as const) {
      await tx.deleteFrom(t).where('project_id', '=', id).execute();
    }
    await tx.deleteFrom('tag_sites').where('project_id', '=', id).execute();
  });
  await deleteProject(db, id);
}
