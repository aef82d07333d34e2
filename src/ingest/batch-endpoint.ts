import { newEventId } from '../lib/ids.js';
import { collectorBatchSchema, collectorEventSchema, type CollectorEvent } from '../protocol/collector.js';
import { serializeEnvelope } from '../protocol/envelope.js';
import {
  collectorEventId,
  collectorSessionItems,
  collectorToSentryEvent,
} from '../processing/collector-event.js';
import { storedEventIds } from '../storage/collector-views.js';
import {
  appendToSpool,
  fieldErrors,
  parsePayload,
  readJsonBody,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { authorizeIngestToken } from './token-auth.js';

/** 50 events with their stacks; the collector documents no cap, Sentry's is 1 MB per event. */
export const BATCH_MAX_BYTES = 2 * 1024 * 1024;

/** Why one event of a batch was refused, by its index in `events`. */
export interface Rejection {
  index: number;
  error: string;
}

function describe(fields: Record<string, string[]>): string {
  return Object.entries(fields)
    .map(([field, msgs]) => `${field}: ${msgs.join('; ')}`)
    .join(', ');
}

/**
 * POST /api/events/batch — the web collector. The app key is in the body; each event is validated
 * on its own, the valid ones accepted and the others named with their error. Events carry their own
 * `eventId`, so one already stored (or repeated in the batch) is a duplicate, not a second event.
 * Accepted events and their sessions go into the intake spool as one envelope.
 */
export async function handleBatch(req: SeedRequest, deps: SeedIngestDeps): Promise<SeedResponse> {
  const batch = parsePayload(collectorBatchSchema, await readJsonBody(req, BATCH_MAX_BYTES));
  const auth = await authorizeIngestToken(batch.appKey, 'app_key', deps);

  const rejected: Rejection[] = [];
  const valid: { event: CollectorEvent; id: string }[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  batch.events.forEach((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      rejected.push({ index, error: 'expected an event object' });
      return;
    }
    const parsed = collectorEventSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, error: describe(fieldErrors(parsed.error)) });
      return;
    }
    const event = parsed.data;
    if (event.appKey && event.appKey !== batch.appKey) {
      rejected.push({ index, error: 'appKey: differs from the batch appKey' });
      return;
    }
    const id = collectorEventId(event.eventId, newEventId);
    if (seen.has(id)) {
      duplicates++;
      return;
    }
    seen.add(id);
    valid.push({ event, id });
  });

  const stored = await storedEventIds(
    deps.db,
    auth.projectId,
    valid.map((v) => v.id),
  );
  const accepted = valid.filter((v) => !stored.has(v.id));
  duplicates += valid.length - accepted.length;

  if (accepted.length > 0) {
    const items = accepted.map(({ event, id }) => ({
      headers: { type: 'event' },
      payload: JSON.stringify(
        collectorToSentryEvent(event, { eventId: id, appKey: batch.appKey, receivedAt: req.receivedAt }),
      ),
    }));
    for (const session of collectorSessionItems(
      accepted.map((a) => a.event),
      req.receivedAt,
    )) {
      items.push({ headers: { type: 'session' }, payload: JSON.stringify(session) });
    }
    const body = serializeEnvelope({ headers: {}, items });
    await appendToSpool(deps.spool, {
      projectId: auth.projectId,
      eventId: null,
      receivedAt: req.receivedAt,
      body,
    });
  }
  return { status: 200, body: { accepted: accepted.length, rejected, duplicates } };
}
