import type { Kysely } from 'kysely';
import type { Schema } from './schema.js';

export interface ProfileInsert {
  projectId: number;
  eventId: string | null;
  name: string;
  release: string | null;
  environment: string | null;
  platform: string | null;
  route: string | null;
  durationMs: number | null;
  samplesCount: number | null;
  sampleIntervalUs: number | null;
  /** The samples as sent, JSON text. */
  data: string;
  createdAt: number;
}

/** Stores a mobile profile; returns its id (the SDK links it by that number). */
export async function insertMobileProfile(db: Kysely<Schema>, p: ProfileInsert): Promise<number> {
  const row = await db
    .insertInto('mobile_profiles')
    .values({
      project_id: p.projectId,
      event_id: p.eventId,
      name: p.name,
      release: p.release,
      environment: p.environment,
      platform: p.platform,
      route: p.route,
      duration_ms: p.durationMs,
      samples_count: p.samplesCount,
      sample_interval_us: p.sampleIntervalUs,
      data: p.data,
      created_at: p.createdAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** How many profiles a project has (operators and tests read it). */
export async function countMobileProfiles(db: Kysely<Schema>, projectId: number): Promise<number> {
  const r = await db
    .selectFrom('mobile_profiles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
