import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Schema } from './schema.js';

/** Per-project settings, stored as JSON on the project and validated whenever read back. */
export const projectSettingsSchema = z.object({
  /** Server-side scrubbing of secrets and personal data (on by default, as in Sentry). */
  scrubData: z.boolean().default(true),
  /** Keep users' IP addresses; off by default, so only a hash is kept for counting users. */
  storeIpAddresses: z.boolean().default(false),
  /** Extra field names to scrub, and field names never to scrub. */
  sensitiveFields: z.array(z.string().min(1).max(100)).max(100).default([]),
  safeFields: z.array(z.string().min(1).max(100)).max(100).default([]),
  /** Events older than this are deleted by the retention job; issues keep their counts. */
  retentionDays: z.number().int().min(1).max(3650).default(90),
  /** Events per minute for the whole project (all keys); null = unlimited. */
  rateLimitPerMinute: z.number().int().min(1).nullable().default(null),
  /** Per-category limits per minute (Sentry's data categories: error, transaction, attachment …). */
  categoryLimitsPerMinute: z.record(z.string(), z.number().int().min(0)).default({}),
  /** Module or path prefixes that are (not) the project's own code. */
  inAppInclude: z.array(z.string().min(1)).max(100).default([]),
  inAppExclude: z.array(z.string().min(1)).max(100).default([]),
});

export type ProjectSettings = z.output<typeof projectSettingsSchema>;

/** Settings from a stored JSON column: invalid or missing values fall back to the defaults. */
export function parseProjectSettings(json: string | null | undefined): ProjectSettings {
  let raw: unknown = {};
  try {
    raw = JSON.parse(json ?? '{}');
  } catch {
    raw = {};
  }
  const parsed = projectSettingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : projectSettingsSchema.parse({});
}

/** A project's settings. */
export async function getProjectSettings(db: Kysely<Schema>, projectId: number): Promise<ProjectSettings> {
  const r = await db.selectFrom('projects').select('settings').where('id', '=', projectId).executeTakeFirst();
  return parseProjectSettings(r?.settings);
}

/** Merges a validated patch into a project's settings and returns the result. */
export async function updateProjectSettings(
  db: Kysely<Schema>,
  projectId: number,
  patch: Partial<ProjectSettings>,
): Promise<ProjectSettings> {
  const next = projectSettingsSchema.parse({ ...(await getProjectSettings(db, projectId)), ...patch });
  await db
    .updateTable('projects')
    .set({ settings: JSON.stringify(next) })
    .where('id', '=', projectId)
    .execute();
  return next;
}

/**
 * Settings for the digest, which reads them for every event: cached per project for a few seconds,
 * so a change takes effect within that time without a query per event.
 */
export class ProjectSettingsCache {
  private readonly entries = new Map<number, { at: number; settings: ProjectSettings }>();
  constructor(private readonly ttlMs = 5000) {}

  async get(db: Kysely<Schema>, projectId: number): Promise<ProjectSettings> {
    const hit = this.entries.get(projectId);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.settings;
    const settings = await getProjectSettings(db, projectId);
    this.entries.set(projectId, { at: Date.now(), settings });
    return settings;
  }
}
