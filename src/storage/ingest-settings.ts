import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ProjectIngestSettingsTable, Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** A project's settings for the seed ingest APIs. A project without a row has the defaults. */
export interface IngestSettings {
  /** null: the next mobile event pins its `app_id`; '': pinning is off; else the pinned bundle id. */
  bundleId: string | null;
  /** Requests per minute per token; null: the server default. */
  rateLimitPerMinute: number | null;
  notifyOnFirstSeen: boolean;
  notifyOnRegression: boolean;
  notifyOnThreshold: number | null;
  /** Seconds since the epoch until which ingest is refused; null: not paused. */
  pausedUntil: number | null;
  /** The collector app type (`web` …) for projects created as apps. */
  appType: string | null;
}

export const DEFAULT_INGEST_SETTINGS: IngestSettings = {
  bundleId: null,
  rateLimitPerMinute: null,
  notifyOnFirstSeen: true,
  notifyOnRegression: true,
  notifyOnThreshold: null,
  pausedUntil: null,
  appType: null,
};

function toSettings(r: Selectable<ProjectIngestSettingsTable> | undefined): IngestSettings {
  if (!r) return { ...DEFAULT_INGEST_SETTINGS };
  return {
    bundleId: r.bundle_id,
    rateLimitPerMinute: r.rate_limit_per_minute === null ? null : Number(r.rate_limit_per_minute),
    notifyOnFirstSeen: Number(r.notify_on_first_seen) === 1,
    notifyOnRegression: Number(r.notify_on_regression) === 1,
    notifyOnThreshold: r.notify_on_threshold === null ? null : Number(r.notify_on_threshold),
    pausedUntil: r.paused_until === null ? null : Number(r.paused_until),
    appType: r.app_type,
  };
}

/** A project's ingest settings. */
export async function getIngestSettings(db: Db, projectId: number): Promise<IngestSettings> {
  const r = await db
    .selectFrom('project_ingest_settings')
    .selectAll()
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return toSettings(r);
}

/** The ingest settings of several projects. */
export async function listIngestSettings(db: Db, projectIds: number[]): Promise<Map<number, IngestSettings>> {
  const out = new Map<number, IngestSettings>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom('project_ingest_settings')
    .selectAll()
    .where('project_id', 'in', projectIds)
    .execute();
  for (const id of projectIds) out.set(id, toSettings(rows.find((r) => Number(r.project_id) === id)));
  return out;
}

/** Changes some settings (the others keep their values). */
export async function updateIngestSettings(
  db: Db,
  projectId: number,
  patch: Partial<IngestSettings>,
): Promise<void> {
  const next = { ...(await getIngestSettings(db, projectId)), ...patch };
  const values = {
    bundle_id: next.bundleId,
    rate_limit_per_minute: next.rateLimitPerMinute,
    notify_on_first_seen: next.notifyOnFirstSeen ? 1 : 0,
    notify_on_regression: next.notifyOnRegression ? 1 : 0,
    notify_on_threshold: next.notifyOnThreshold,
    paused_until: next.pausedUntil,
    app_type: next.appType,
  };
  await db
    .insertInto('project_ingest_settings')
    .values({ project_id: projectId, ...values })
    .onConflict((oc) => oc.column('project_id').doUpdateSet(values))
    .execute();
}

/**
 * Pins `appId` as the project's bundle id unless one is pinned already (or pinning is off); two
 * first events racing agree on one winner. Returns the pin in force afterwards.
 */
export async function pinBundleId(db: Db, projectId: number, appId: string): Promise<string | null> {
  await db
    .insertInto('project_ingest_settings')
    .values({ project_id: projectId, bundle_id: appId })
    .onConflict((oc) =>
      oc
        .column('project_id')
        .doUpdateSet({ bundle_id: appId })
        .where('project_ingest_settings.bundle_id', 'is', null),
    )
    .execute();
  return (await getIngestSettings(db, projectId)).bundleId;
}
