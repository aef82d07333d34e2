import { NotFoundError } from '../lib/errors.js';
import { normalizeEventId } from '../protocol/envelope.js';
import { pionneFeedbackSchema } from '../protocol/pionne.js';
import { scrubPii } from '../processing/scrub-pii.js';
import { eventIdByRowId } from '../storage/collector-views.js';
import { getEvent } from '../storage/events.js';
import { insertFeedback } from '../storage/feedback.js';
import {
  parsePayload,
  readJsonBody,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { authorizeTokenHeader, type TokenAuth } from './token-auth.js';

const MAX_BYTES = 64 * 1024;

/**
 * The event a feedback path names, as 32 hex, if it belongs to the token's project: a Sentry id
 * (plain, hyphenated or `evt_`-prefixed) stored or still waiting in the spool, or the numeric id
 * the mobile SDK's docs use (the event's row id).
 */
async function resolveEventId(deps: SeedIngestDeps, projectId: number, param: string): Promise<string> {
  if (/^\d{1,15}$/.test(param)) {
    const id = await eventIdByRowId(deps.db, projectId, Number(param));
    if (id) return id;
  } else {
    const id = normalizeEventId(param.replace(/^evt_/, ''));
    if (id && (deps.spool.hasPendingEvent(projectId, id) || (await getEvent(deps.db, projectId, id))))
      return id;
  }
  throw new NotFoundError('no such event in this project');
}

async function storeFeedback(
  req: SeedRequest,
  deps: SeedIngestDeps,
  auth: TokenAuth,
  eventId: string | null,
): Promise<SeedResponse> {
  const f = parsePayload(pionneFeedbackSchema, await readJsonBody(req, MAX_BYTES));
  // Written straight to the database: the answer carries the feedback's id.
  const id = await insertFeedback(deps.db, {
    projectId: auth.projectId,
    eventId,
    name: f.name || null,
    email: f.email || null,
    message: scrubPii(f.message),
    url: f.url || null,
    appVersion: f.app_version || null,
    source: 'api',
    dedupeKey: null,
    createdAt: req.receivedAt,
  });
  return { status: 202, body: { ok: true, feedback_id: id ?? null } };
}

/** POST /api/feedback — feedback about the app, not about an event. */
export async function handleFeedback(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const auth = await authorizeTokenHeader(req, deps);
  return storeFeedback(req, deps, auth, null);
}

/** POST /api/events/{event_id}/feedback — feedback about one event, hence about its issue. */
export async function handleEventFeedback(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const auth = await authorizeTokenHeader(req, deps);
  const eventId = await resolveEventId(deps, auth.projectId, req.params.eventId ?? '');
  return storeFeedback(req, deps, auth, eventId);
}
