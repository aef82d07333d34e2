import type { Kysely, Transaction } from 'kysely';
import { normalizeEventId } from '../protocol/envelope.js';
import { insertFeedback } from '../storage/feedback.js';
import type { Schema } from '../storage/schema.js';
import { DropError } from './drop-reason.js';
import { scrubPii } from './scrub-pii.js';

type Tx = Kysely<Schema> | Transaction<Schema>;
type Json = Record<string, unknown>;

const MAX_MESSAGE = 5000;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function text(v: unknown, max: number): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim().slice(0, max) : null;
}

function parse(payload: Buffer, type: string): Json {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new DropError('invalid_json', `${type} item is not valid JSON: ${(err as Error).message}`);
  }
  if (!isRecord(raw)) throw new DropError('not_an_object', `${type} item is not a JSON object`);
  return raw;
}

/**
 * The feedback step: Sentry's `user_report` (`{event_id, name, email, comments}`, the old user
 * feedback) and `feedback` (an event whose `contexts.feedback` holds the message, linked by
 * `associated_event_id`) go into the feedback store, their message PII-scrubbed like every feedback.
 */
export async function storeFeedbackItem(
  tx: Tx,
  projectId: number,
  type: 'user_report' | 'feedback',
  payload: Buffer,
  envelopeEventId: string | null,
  receivedAt: number,
): Promise<void> {
  const raw = parse(payload, type);
  if (type === 'user_report') {
    const eventId = normalizeEventId(raw.event_id) ?? envelopeEventId;
    const comments = text(raw.comments, MAX_MESSAGE);
    if (!eventId || !comments)
      throw new DropError('invalid_item', 'user_report needs an event_id and comments');
    await insertFeedback(tx, {
      projectId,
      eventId,
      name: text(raw.name, 128),
      email: text(raw.email, 191),
      message: scrubPii(comments),
      url: null,
      appVersion: null,
      source: 'user_report',
      // Sentry keeps one report per event; a redelivered or repeated one is ignored.
      dedupeKey: `user_report:${eventId}`,
      createdAt: receivedAt,
    });
    return;
  }
  const feedback =
    isRecord(raw.contexts) && isRecord(raw.contexts.feedback) ? raw.contexts.feedback : undefined;
  const message = text(feedback?.message, MAX_MESSAGE);
  if (!feedback || !message)
    throw new DropError('invalid_item', 'feedback item without contexts.feedback.message');
  const ownId = normalizeEventId(raw.event_id) ?? envelopeEventId;
  const user = isRecord(raw.user) ? raw.user : {};
  await insertFeedback(tx, {
    projectId,
    eventId: normalizeEventId(feedback.associated_event_id) ?? null,
    name: text(feedback.name, 128) ?? text(user.name, 128) ?? text(user.username, 128),
    email: text(feedback.contact_email, 191) ?? text(user.email, 191),
    message: scrubPii(message),
    url: text(feedback.url, 500),
    appVersion: text(raw.release, 200),
    source: 'feedback',
    dedupeKey: ownId ? `feedback:${ownId}` : null,
    createdAt: receivedAt,
  });
}
