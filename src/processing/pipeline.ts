import type { Kysely, Transaction } from 'kysely';
import { parseEnvelope, normalizeEventId, type EnvelopeItem } from '../protocol/envelope.js';
import { insertAttachment, insertEnvelopeItem, insertEvent } from '../storage/events.js';
import type { IntakeRow } from '../storage/intake-spool.js';
import type { Schema } from '../storage/schema.js';
import { DropError, type DropReason } from './drop-reason.js';
import { countEventOnIssue, findOrCreateIssue } from './assign-issue.js';
export { forgetKnownReleases } from './assign-issue.js';
import { parseClientReport } from './client-report.js';
import { parseTimestamp } from './normalize.js';
import { processEvent, type ProcessedEvent } from './process-event.js';
import { foldSessionItem } from './fold-sessions.js';
import { storeFeedbackItem } from './store-feedback.js';
import { addOutcomes } from '../storage/outcomes.js';
import { ProjectSettingsCache } from '../storage/project-settings.js';
import { digestTagRecord } from './tag-aggregate.js';

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

function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8'));
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
  ctx: { eventId: string; receivedAt: number; sentAt?: number | undefined },
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

async function storeEvent(
  tx: Tx,
  projectId: number,
  raw: unknown,
  ctx: { eventId: string; receivedAt: number; sentAt?: number | undefined; type: string },
): Promise<boolean> {
  const event = await processForProject(tx, projectId, raw, ctx);
  const { title, culprit: _culprit, metadata: _metadata, grouping, userKey: _userKey, ...data } = event;
  // Transactions are performance data, not errors: stored, never grouped into issues.
  const isError = ctx.type === 'event' && event.type !== 'transaction';
  const assignment = isError ? await findOrCreateIssue(tx, projectId, event) : undefined;
  const isNew = await insertEvent(tx, {
    projectId,
    eventId: event.event_id,
    type: isError ? 'error' : ctx.type === 'event' ? 'transaction' : ctx.type,
    platform: event.platform,
    level: event.level,
    title,
    timestamp: event.timestamp,
    receivedAt: ctx.receivedAt,
    release: event.release ?? null,
    environment: event.environment ?? null,
    data: {
      ...data,
      culprit: event.culprit,
      metadata: event.metadata,
      grouping: { version: grouping.version, hash: grouping.hash, variant: grouping.variant },
    },
    issueId: assignment?.issueId ?? null,
    groupingHash: isError ? grouping.hash : null,
  });
  // A redelivered event (same project and event_id) must not be counted twice.
  if (isNew && assignment) await countEventOnIssue(tx, projectId, assignment.issueId, event);
  return isNew;
}

/**
 * Digests one intake record inside the caller's transaction. A DropError drops only the item it
 * concerns; any other error propagates so the worker retries the record and, in the end, parks it.
 */
export async function digestRecord(tx: Tx, row: IntakeRow): Promise<DigestOutcome> {
  const outcome: DigestOutcome = { events: 0, duplicates: 0, attachments: 0, keptItems: 0, dropped: [] };
  const drop = (err: unknown) => {
    if (!(err instanceof DropError)) throw err;
    outcome.dropped.push({ reason: err.reason, detail: err.message });
  };
  const count = (isNew: boolean) => (isNew ? outcome.events++ : outcome.duplicates++);

  // Tag-monitoring payloads fold into minute buckets (docs/tag-monitoring.md).
  if (row.kind === 'tags') return digestTagRecord(tx, row);
  if (row.kind === 'store') {
    const eventId = row.eventId ?? '';
    try {
      count(
        await storeEvent(tx, row.projectId, parseJson(row.body), {
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
        const raw = parseJson(item.payload);
        const eventId =
          row.eventId ?? normalizeEventId((raw as { event_id?: unknown } | null)?.event_id) ?? '';
        count(
          await storeEvent(tx, row.projectId, raw, { eventId, receivedAt: row.receivedAt, sentAt, type }),
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
