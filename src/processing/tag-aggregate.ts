import { parseTagPayload, tagKey, type TagPayload } from '../protocol/tag-payload.js';
import type { IntakeRow } from '../storage/intake-spool.js';
import type { BucketDelta, TagCounts } from '../storage/tag-buckets.js';
import type { DigestOutcome } from './pipeline.js';
import type { TagBatch } from './tag-batch.js';

/** Start of the UTC minute holding `ms`, in seconds. */
export function minuteOf(ms: number): number {
  return Math.floor(ms / 60_000) * 60;
}

function emptyTagCounts(): TagCounts {
  return { success: 0, failure: 0, timeout: 0, exception: 0, totalExecMs: 0, count: 0 };
}

/**
 * Folds one payload into the delta it adds to its 1-minute bucket. Per-event payloads count under
 * their `timestamp_ms`, batches under `window_start_ms` (as the reference server does). Presence
 * rules follow Probr's batch counters: `address` is a first or last name; an e-commerce event is
 * one with at least one e-commerce flag.
 */
export function foldTagPayload(payload: TagPayload): BucketDelta {
  if (payload.mode === 'event') {
    const tags: Record<string, TagCounts> = {};
    for (const t of payload.tags) {
      const c = (tags[tagKey(t)] ??= emptyTagCounts());
      c[t.status]++;
      c.count++;
      c.totalExecMs += Math.round(t.execution_time ?? 0);
    }
    const u = payload.user_data;
    const e = payload.ecommerce;
    const isCommerce = !!e && (e.has_value || e.has_currency || e.has_transaction_id || e.has_items);
    return {
      containerId: payload.container_id,
      minute: minuteOf(payload.timestamp_ms),
      totalEvents: 1,
      userData: {
        total: 1,
        email: u?.has_email ? 1 : 0,
        phone: u?.has_phone ? 1 : 0,
        address: u && (u.has_first_name || u.has_last_name) ? 1 : 0,
      },
      ecommerce: {
        total: isCommerce ? 1 : 0,
        value: isCommerce && e.has_value ? 1 : 0,
        currency: isCommerce && e.has_currency ? 1 : 0,
        transactionId: isCommerce && e.has_transaction_id ? 1 : 0,
        items: isCommerce && e.has_items ? 1 : 0,
      },
      events: { [payload.event_name]: 1 },
      tags,
    };
  }
  const tags: Record<string, TagCounts> = {};
  for (const [name, m] of Object.entries(payload.tag_metrics)) {
    const statuses = m.success + m.failure + m.timeout + m.exception;
    tags[name] = {
      success: m.success,
      failure: m.failure,
      timeout: m.timeout,
      exception: m.exception,
      totalExecMs: Math.round(m.total_exec_ms),
      count: Math.max(m.count, statuses),
    };
  }
  const summed = Object.values(payload.event_counts).reduce((a, b) => a + b, 0);
  const u = payload.user_data_quality;
  const e = payload.ecommerce_quality;
  return {
    containerId: payload.container_id,
    minute: minuteOf(payload.window_start_ms),
    totalEvents: payload.total_events > 0 ? payload.total_events : summed,
    userData: { total: u?.total ?? 0, email: u?.email ?? 0, phone: u?.phone ?? 0, address: u?.address ?? 0 },
    ecommerce: {
      total: e?.total ?? 0,
      value: e?.value ?? 0,
      currency: e?.currency ?? 0,
      transactionId: e?.transaction_id ?? 0,
      items: e?.items ?? 0,
    },
    events: { ...payload.event_counts },
    tags,
  };
}

/**
 * Queues a `tags` intake record's delta in the digest batch, which folds it into its bucket in the
 * batch's transaction together with its intake key, so a redelivery after a crash between commit
 * and spool removal is skipped instead of counted twice. `place` is absent when it was dropped.
 */
export function queueTagRecord(batch: TagBatch, row: IntakeRow): { outcome: DigestOutcome; place?: number } {
  const outcome: DigestOutcome = { events: 0, duplicates: 0, attachments: 0, keptItems: 0, dropped: [] };
  let json: unknown;
  try {
    json = JSON.parse(row.body.toString('utf8'));
  } catch (err) {
    outcome.dropped.push({ reason: 'invalid_json', detail: (err as Error).message });
    return { outcome };
  }
  const parsed = parseTagPayload(json);
  if (!parsed.ok) {
    outcome.dropped.push({ reason: 'invalid_json', detail: 'tag payload no longer validates' });
    return { outcome };
  }
  const key = row.eventId ?? `spool:${row.id}`;
  return {
    outcome,
    place: batch.add(key, row.projectId, row.receivedAt, foldTagPayload(parsed.payload)),
  };
}
