import type { Kysely, Transaction } from 'kysely';
import { parseEnvelope, normalizeEventId, type EnvelopeItem } from '../protocol/envelope.js';
import { insertAttachment, insertEnvelopeItem } from '../storage/events.js';
import type { IntakeRow } from '../storage/intake-spool.js';
import type { Schema } from '../storage/schema.js';
import { DropError, type DropReason } from './drop-reason.js';
export { forgetKnownReleases } from './count-on-issues.js';
import { parseClientReport } from './client-report.js';
import { isJsonTextSafe, parseTimestamp } from './normalize.js';
import { processEvent, type ProcessedEvent } from './process-event.js';
import { foldSessionItem } from './fold-sessions.js';
import { storeFeedbackItem } from './store-feedback.js';
import { addOutcomes } from '../storage/outcomes.js';
import { ProjectSettingsCache } from '../storage/project-settings.js';
import { EventBatch } from './store-events.js';
import { queueTagRecord } from './tag-aggregate.js';
import { TagBatch } from './tag-batch.js';

const settingsCache = new ProjectSettingsCache();

/** What digesting one intake record did, for counters and logs. */
export interface DigestOutcome {
  events: number;
  duplicates: number;
  attachments: number;
  keptItems: number;
  dropped: { reason: DropReason; detail: string }[];
}

// Item types that carry an event; Relay treats `transaction` and `feedback` as events too.
const EVENT_ITEMS = new Set(['event', 'transaction', 'security', 'raw_security']);
// Accepted and kept for the steps that later issues add (release health, feedback, logs …).
const KEPT_ITEMS = new Set([
  'check_in',
  'span',
  'log',
  'profile',
  'profile_chunk',
  'replay_event',
  'replay_recording',
  'statsd',
  'metric_buckets',
  'otel_log',
]);

type Tx = Transaction<Schema> | Kysely<Schema>;

/** A JSON payload parsed; invalid JSON drops the item it came in. */
function parseJson(payload: Buffer): unknown {
  return parseEventJson(payload, false).raw;
}

/**
 * An event payload parsed and, when asked, whether its text shows every string to be storable
 * already (a scan of the text that saves the normalizer a walk of the event; other items skip it).
 */
function parseEventJson(payload: Buffer, scanStrings = true): { raw: unknown; stringsSafe: boolean } {
  const text = payload.toString('utf8');
  try {
    return { raw: JSON.parse(text), stringsSafe: scanStrings && isJsonTextSafe(text) };
  } catch (err) {
    throw new DropError('invalid_json', `event payload is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The pure steps with the project's settings, exactly as the digest runs them. Ingest endpoints that
 * must name an event's issue in their answer (the mobile ingest) call it too, so both agree on the hash.
 */
export async function processForProject(
  tx: Tx,
  projectId: number,
  raw: unknown,
  ctx: { eventId: string; receivedAt: number; sentAt?: number | undefined; stringsSafe?: boolean },
): Promise<ProcessedEvent> {
  const settings = await settingsCache.get(tx, projectId);
  return processEvent(raw, {
    ...ctx,
    inApp: { inAppInclude: settings.inAppInclude, inAppExclude: settings.inAppExclude },
    scrub: settings.scrubData
      ? {
          sensitiveFields: settings.sensitiveFields,
          safeFields: settings.safeFields,
          storeIpAddresses: settings.storeIpAddresses,
        }
      : false,
  });
}

/** Runs the pure steps on a parsed event item and queues it in the batch; returns its place there. */
async function queueEvent(
  tx: Tx,
  batch: EventBatch,
  projectId: number,
  { raw, stringsSafe }: { raw: unknown; stringsSafe: boolean },
  ctx: { eventId: string; receivedAt: number; sentAt?: number | undefined; type: string },
): Promise<number> {
  const event = await processForProject(tx, projectId, raw, {
    eventId: ctx.eventId,
    receivedAt: ctx.receivedAt,
    sentAt: ctx.sentAt,
    stringsSafe,
  });
  return batch.add(tx, projectId, event, ctx.type, ctx.receivedAt);
}

/**
 * Digests intake records in order inside the caller's transaction, and returns an outcome for each
 * one handled. Before each record after the first, `takeNext` may end the batch early (the worker's
 * time and byte budgets); the records handled are then the first `outcomes.length`.
 * Events are stored a few dozen at a time (EventBatch), so that a batch costs a few statements per
 * table rather than some ten per event. A DropError drops only the item it concerns; any other
 * error propagates, failing the whole batch, so the worker retries its records one by one and, in
 * the end, parks the one that keeps failing.
 */
export async function digestRecords(
  tx: Tx,
  rows: readonly IntakeRow[],
  takeNext: (row: IntakeRow) => boolean = () => true,
): Promise<DigestOutcome[]> {
  const batch = new EventBatch();
  const tagBatch = new TagBatch();
  const handled: { outcome: DigestOutcome; events: number[] }[] = [];
  const tagPlaces: (number | undefined)[] = [];
  for (const [i, row] of rows.entries()) {
    if (i > 0 && !takeNext(row)) break;
    const events: number[] = [];
    if (row.kind === 'tags') {
      // Tag-monitoring payloads fold into minute buckets, a batch at a time (docs/tag-monitoring.md).
      const queued = queueTagRecord(tagBatch, row);
      handled.push({ outcome: queued.outcome, events });
      tagPlaces.push(queued.place);
      continue;
    }
    handled.push({ outcome: await digestOne(tx, batch, row, events), events });
    tagPlaces.push(undefined);
  }
  const isNew = await batch.store(tx);
  const tagApplied = await tagBatch.store(tx);
  return handled.map(({ outcome, events }, i) => {
    for (const at of events) {
      if (isNew[at]) outcome.events++;
      else outcome.duplicates++;
    }
    const place = tagPlaces[i];
    if (place !== undefined) {
      if (tagApplied[place]) outcome.events++;
      else outcome.duplicates++;
    }
    return outcome;
  });
}

/** Digests one intake record inside the caller's transaction (digestRecords with one record). */
export async function digestRecord(tx: Tx, row: IntakeRow): Promise<DigestOutcome> {
  const [outcome] = await digestRecords(tx, [row]);
  return outcome!;
}

/**
 * One record: its event items are queued in `batch` (their places pushed onto `events`), everything
 * else is written at once. Events and duplicates are counted once the batch is stored.
 */
async function digestOne(
  tx: Tx,
  batch: EventBatch,
  row: IntakeRow,
  events: number[],
): Promise<DigestOutcome> {
  const outcome: DigestOutcome = { events: 0, duplicates: 0, attachments: 0, keptItems: 0, dropped: [] };
  const drop = (err: unknown) => {
    if (!(err instanceof DropError)) throw err;
    outcome.dropped.push({ reason: err.reason, detail: err.message });
  };

  if (row.kind === 'store') {
    const eventId = row.eventId ?? '';
    try {
      events.push(
        await queueEvent(tx, batch, row.projectId, parseEventJson(row.body), {
          eventId,
          receivedAt: row.receivedAt,
          type: 'event',
        }),
      );
    } catch (err) {
      drop(err);
    }
    return outcome;
  }

  let items: EnvelopeItem[];
  let sentAt: number | undefined;
  try {
    const envelope = parseEnvelope(row.body);
    items = envelope.items;
    sentAt = parseTimestamp(envelope.headers.sent_at);
  } catch (err) {
    // Ingest framed it already; a record that no longer parses is dropped, not retried forever.
    outcome.dropped.push({ reason: 'invalid_envelope', detail: (err as Error).message });
    return outcome;
  }

  for (const item of items) {
    const type = item.headers.type;
    try {
      if (EVENT_ITEMS.has(type)) {
        const parsed = parseEventJson(item.payload);
        const eventId =
          row.eventId ?? normalizeEventId((parsed.raw as { event_id?: unknown } | null)?.event_id) ?? '';
        events.push(
          await queueEvent(tx, batch, row.projectId, parsed, {
            eventId,
            receivedAt: row.receivedAt,
            sentAt,
            type,
          }),
        );
      } else if (type === 'attachment') {
        await insertAttachment(tx, {
          projectId: row.projectId,
          eventId: row.eventId ?? '',
          name:
            typeof item.headers.filename === 'string'
              ? item.headers.filename
              : `attachment-${outcome.attachments + 1}`,
          contentType: typeof item.headers.content_type === 'string' ? item.headers.content_type : null,
          attachmentType:
            typeof item.headers.attachment_type === 'string' ? item.headers.attachment_type : null,
          data: item.payload,
          receivedAt: row.receivedAt,
        });
        outcome.attachments++;
      } else if (type === 'client_report') {
        const discards = parseClientReport(parseJson(item.payload));
        await addOutcomes(
          tx,
          discards.map((d) => ({
            projectId: row.projectId,
            minute: Math.floor(row.receivedAt / 60) * 60,
            outcome: 'client_discard',
            category: d.category,
            reason: d.reason,
            quantity: d.quantity,
          })),
        );
        outcome.keptItems++;
      } else if (type === 'session' || type === 'sessions') {
        await foldSessionItem(tx, row.projectId, type, item.payload, row.receivedAt);
        outcome.keptItems++;
      } else if (type === 'user_report' || type === 'feedback') {
        await storeFeedbackItem(tx, row.projectId, type, item.payload, row.eventId, row.receivedAt);
        outcome.keptItems++;
      } else if (KEPT_ITEMS.has(type)) {
        await insertEnvelopeItem(tx, {
          projectId: row.projectId,
          type,
          eventId: row.eventId,
          receivedAt: row.receivedAt,
          headers: item.headers,
          payload: item.payload,
        });
        outcome.keptItems++;
      } else {
        // The spec says unknown items are skipped, never fatal; we note them for operators.
        outcome.dropped.push({ reason: 'unknown_item_type', detail: type });
      }
    } catch (err) {
      drop(err);
    }
  }
  await recordDrops(tx, row, outcome);
  return outcome;
}

/** Counts what the digest dropped as `invalid` outcomes, by reason, so drops are visible. */
async function recordDrops(tx: Tx, row: IntakeRow, outcome: DigestOutcome): Promise<void> {
  const byReason = new Map<string, number>();
  for (const d of outcome.dropped) byReason.set(d.reason, (byReason.get(d.reason) ?? 0) + 1);
  if (byReason.size === 0) return;
  await addOutcomes(
    tx,
    [...byReason].map(([reason, quantity]) => ({
      projectId: row.projectId,
      minute: Math.floor(row.receivedAt / 60) * 60,
      outcome: 'invalid' as const,
      category: 'error',
      reason,
      quantity,
    })),
  );
}
