import { normalizeEventId } from '../protocol/envelope.js';
import { pionneProfileSchema } from '../protocol/pionne.js';
import { eventIdByRowId } from '../storage/collector-views.js';
import { insertMobileProfile } from '../storage/mobile-profiles.js';
import {
  parsePayload,
  readJsonBody,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { authorizeTokenHeader } from './token-auth.js';

/** The SDK changelog's cap for a profile. */
export const PROFILE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * POST /api/profiles — a Hermes sampling profile from the mobile SDK, stored as sent (the flame
 * graph and per-release percentiles are for later). Written straight to the database because the
 * answer carries the profile's id; it shares the token's rate-limit bucket with /ingest.
 */
export async function handleProfile(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const auth = await authorizeTokenHeader(req, deps);
  const p = parsePayload(pionneProfileSchema, await readJsonBody(req, PROFILE_MAX_BYTES));
  let eventId: string | null = null;
  if (typeof p.event_id === 'number')
    eventId = (await eventIdByRowId(deps.db, auth.projectId, p.event_id)) ?? null;
  else if (typeof p.event_id === 'string')
    eventId = normalizeEventId(p.event_id.replace(/^evt_/, '')) ?? null;
  const id = await insertMobileProfile(deps.db, {
    projectId: auth.projectId,
    eventId,
    name: p.name,
    release: p.release ?? null,
    environment: p.environment ?? null,
    platform: p.platform ?? null,
    route: p.route ?? null,
    durationMs: p.duration_ms ?? null,
    samplesCount: p.samples_count ?? null,
    sampleIntervalUs: p.sample_interval_us ?? null,
    data: JSON.stringify(p.samples),
    createdAt: req.receivedAt,
  });
  return { status: 202, body: { ok: true, profile_id: id } };
}
