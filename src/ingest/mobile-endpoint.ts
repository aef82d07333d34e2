import { FaultlineError, UnavailableError } from '../lib/errors.js';
import { newEventId } from '../lib/ids.js';
import { serializeEnvelope } from '../protocol/envelope.js';
import { pionneEventSchema } from '../protocol/pionne.js';
import { findOrCreateIssue } from '../processing/assign-issue.js';
import { decodeScreenshot, toSentryEvent } from '../processing/mobile-event.js';
import { processForProject } from '../processing/pipeline.js';
import { pinBundleId } from '../storage/ingest-settings.js';
import {
  appendToSpool,
  BundleIdMismatchError,
  parsePayload,
  readJsonBody,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { authorizeTokenHeader, type TokenAuth } from './token-auth.js';

/** The contract's cap: "413 body over 1 MB (often a screenshot too heavy)". */
export const MOBILE_MAX_BYTES = 1024 * 1024;

/** The pinned bundle id with its first character masked, as the 403 shows it. */
export function maskBundleId(bundleId: string): string {
  return `*${bundleId.slice(1)}`;
}

/**
 * Bundle-id pinning: the first event of a project that has none pins its `app_id`; later events
 * must carry the same one (403 otherwise); an empty pin turns the check off. A pinned project also
 * refuses events that carry no `app_id`, or leaving the field out would get around the pin.
 */
async function checkBundleId(
  deps: SeedIngestDeps,
  auth: TokenAuth,
  appId: string | undefined,
): Promise<void> {
  let pinned = auth.settings.bundleId;
  if (pinned === '') return;
  if (pinned === null) {
    if (!appId) return;
    pinned = await pinBundleId(deps.db, auth.projectId, appId);
    if (!pinned) return;
  }
  if (appId === pinned) return;
  throw new BundleIdMismatchError(
    appId
      ? `bundle id mismatch: app_id "${appId}" is not the bundle id this project is pinned to`
      : 'bundle id missing: this project is pinned to a bundle id, send it as app_id',
    maskBundleId(pinned),
  );
}

/**
 * POST /api/ingest with a header token — the mobile crash SDK. The payload becomes a Sentry event
 * (processing/mobile-event.ts) whose issue is found or created now, because the answer names it;
 * the event itself goes through the intake spool and the digest like every Sentry event, and the
 * digest finds the same grouping hash, hence the same issue.
 */
export async function handleMobileIngest(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const auth = await authorizeTokenHeader(req, deps);
  const payload = parsePayload(pionneEventSchema, await readJsonBody(req, MOBILE_MAX_BYTES));
  await checkBundleId(deps, auth, payload.app_id || undefined);

  const eventId = newEventId();
  const event = toSentryEvent(payload, { eventId, receivedAt: req.receivedAt });
  // A screenshot that is not an image (the docs' own example is truncated with "...") must not
  // cost the crash report: it is dropped, and the event says so.
  const screenshot = payload.screenshot ? decodeScreenshot(payload.screenshot) : undefined;
  if (payload.screenshot && !screenshot) event._meta = { screenshot: 'dropped: not a base64 image' };
  let issueId: number;
  try {
    const processed = await processForProject(deps.db, auth.projectId, event, {
      eventId,
      receivedAt: req.receivedAt,
    });
    issueId = await findOrCreateIssue(deps.db, auth.projectId, processed);
  } catch (err) {
    if (err instanceof FaultlineError) throw err;
    throw new UnavailableError('cannot assign the event to an issue right now', 10);
  }

  const items: { headers: Record<string, unknown>; payload: Buffer | string }[] = [
    { headers: { type: 'event' }, payload: JSON.stringify(event) },
  ];
  if (screenshot) {
    items.push({
      headers: {
        type: 'attachment',
        filename: screenshot.filename,
        content_type: screenshot.contentType,
        attachment_type: 'event.attachment',
      },
      payload: screenshot.data,
    });
  }
  const body = serializeEnvelope({ headers: { event_id: eventId }, items });
  await appendToSpool(deps.spool, { projectId: auth.projectId, eventId, receivedAt: req.receivedAt, body });
  return { status: 202, body: { event_id: eventId, issue_id: String(issueId) } };
}
