import { z } from 'zod';

/**
 * Probr's ingest payloads (server-side GTM tag monitoring), both send modes, as the public docs
 * describe them (docs.probr.io "POST /ingest") and as the real GTM template sends them. Where the
 * two differ we accept both: tag ids arrive as numbers or strings, optional fields as null, unknown
 * tag statuses count as `failure` (the reference server does the same).
 */

/** Largest number of tags in one per-event payload (or tag entries in one batch). */
export const MAX_TAGS_PER_PAYLOAD = 500;

const count = z.number().int().nonnegative().catch(0);
const optionalCount = z
  .preprocess((v) => (v === null ? undefined : v), count.optional())
  .transform((v) => v ?? 0);
const flag = z.preprocess((v) => (v === null || v === undefined ? false : v), z.boolean().catch(false));
const millis = z.number().int().nonnegative().max(8_640_000_000_000_000);

export const TAG_STATUSES = ['success', 'failure', 'timeout', 'exception'] as const;
export type TagStatus = (typeof TAG_STATUSES)[number];

const tagStatus = z.preprocess(
  (v) => (typeof v === 'string' ? v.toLowerCase() : v),
  z.enum(TAG_STATUSES).catch('failure'),
);

const perEventTag = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  name: z.string().nullish(),
  status: tagStatus,
  execution_time: z.number().nonnegative().nullish(),
});

const userData = z.object({
  has_email: flag,
  has_phone: flag,
  has_first_name: flag,
  has_last_name: flag,
  has_city: flag,
  has_country: flag,
});
const ecommerce = z.object({
  has_value: flag,
  has_currency: flag,
  has_transaction_id: flag,
  has_items: flag,
});

/** `per_event` mode: one GA4 event and the tags that ran for it. */
export const perEventPayloadSchema = z.object({
  container_id: z.string().min(1).max(200),
  event_name: z.string().min(1).max(200),
  timestamp_ms: millis,
  tags: z
    .array(perEventTag)
    .nullish()
    .transform((v) => v ?? []),
  user_data: userData.nullish(),
  ecommerce: ecommerce.nullish(),
});

const tagMetric = z.object({
  success: optionalCount,
  failure: optionalCount,
  timeout: optionalCount,
  exception: optionalCount,
  total_exec_ms: z
    .number()
    .nonnegative()
    .nullish()
    .transform((v) => v ?? 0),
  count: optionalCount,
});

const counts = <T extends z.ZodRawShape>(shape: T) => z.object(shape).nullish();

/** `batched` mode: counters for the events of one buffer (`batchSize` events, 50 by default). */
export const batchPayloadSchema = z.object({
  container_id: z.string().min(1).max(200),
  batch: z.literal(true),
  window_start_ms: millis,
  window_end_ms: millis.nullish(),
  total_events: optionalCount,
  event_counts: z
    .record(z.string().min(1).max(200), count)
    .nullish()
    .transform((v) => v ?? {}),
  tag_metrics: z
    .record(z.string().min(1).max(200), tagMetric)
    .nullish()
    .transform((v) => v ?? {}),
  user_data_quality: counts({
    email: optionalCount,
    phone: optionalCount,
    address: optionalCount,
    total: optionalCount,
  }),
  ecommerce_quality: counts({
    value: optionalCount,
    currency: optionalCount,
    transaction_id: optionalCount,
    items: optionalCount,
    total: optionalCount,
  }),
});

export type PerEventPayload = z.output<typeof perEventPayloadSchema>;
export type BatchPayload = z.output<typeof batchPayloadSchema>;
export type TagPayload = ({ mode: 'event' } & PerEventPayload) | ({ mode: 'batch' } & BatchPayload);

/** Why a payload was refused: `invalid` answers 400, `too_many_tags` 413. */
export type TagPayloadProblem =
  { kind: 'invalid'; causes: string[] } | { kind: 'too_many_tags'; count: number };

/** Parses either mode (told apart by `batch: true`); returns the payload or why it was refused. */
export function parseTagPayload(
  value: unknown,
): { ok: true; payload: TagPayload } | { ok: false; problem: TagPayloadProblem } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: { kind: 'invalid', causes: ['expected a JSON object'] } };
  }
  const isBatch = (value as { batch?: unknown }).batch === true;
  const tagCount = isBatch
    ? Object.keys(((value as { tag_metrics?: unknown }).tag_metrics as object | null) ?? {}).length
    : Array.isArray((value as { tags?: unknown }).tags)
      ? (value as { tags: unknown[] }).tags.length
      : 0;
  if (tagCount > MAX_TAGS_PER_PAYLOAD)
    return { ok: false, problem: { kind: 'too_many_tags', count: tagCount } };
  const result = isBatch ? batchPayloadSchema.safeParse(value) : perEventPayloadSchema.safeParse(value);
  if (!result.success) {
    return {
      ok: false,
      problem: {
        kind: 'invalid',
        causes: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
      },
    };
  }
  return {
    ok: true,
    payload: isBatch
      ? { mode: 'batch', ...(result.data as BatchPayload) }
      : { mode: 'event', ...(result.data as PerEventPayload) },
  };
}

/** The name a tag is counted under: its name, or `tag_<id>` when the container sends no metadata. */
export function tagKey(tag: { id: string; name?: string | null | undefined }): string {
  return tag.name ? tag.name : `tag_${tag.id}`;
}
