import { serializeEnvelope } from '../protocol/envelope.js';
import { pionneSessionSchema } from '../protocol/pionne.js';
import { toSentrySession } from '../processing/mobile-event.js';
import {
  appendToSpool,
  parsePayload,
  readJsonBody,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { authorizeTokenHeader } from './token-auth.js';

const MAX_BYTES = 64 * 1024;

/**
 * POST /api/sessions — a mobile release-health session report (ok at start, then each change).
 * It becomes a Sentry `session` item in the intake spool; the digest's session step applies the
 * rules (idempotent per session id, status only upgrades, first report's attributes kept).
 * The bundle id is stored but not checked here, as the contract says.
 */
export async function handleSessions(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const auth = await authorizeTokenHeader(req, deps);
  const session = parsePayload(pionneSessionSchema, await readJsonBody(req, MAX_BYTES));
  const body = serializeEnvelope({
    headers: {},
    items: [
      { headers: { type: 'session' }, payload: JSON.stringify(toSentrySession(session, req.receivedAt)) },
    ],
  });
  await appendToSpool(deps.spool, {
    projectId: auth.projectId,
    eventId: null,
    receivedAt: req.receivedAt,
    body,
  });
  return { status: 202, body: { ok: true, session_id: session.session_id } };
}
