import type { Kysely, Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { sentrySessionAggregatesSchema, sentrySessionSchema } from '../protocol/session.js';
import type { Schema } from '../storage/schema.js';
import { getSession, insertSessionAggregates, writeSession } from '../storage/sessions.js';
import { DropError } from './drop-reason.js';
import { mergeSession, sessionAggregatesFromSentry, sessionUpdateFromSentry } from './session-status.js';

type Tx = Kysely<Schema> | Transaction<Schema>;

// A merge is retried when another process wrote the same session between our read and our write.
const MAX_MERGE_ATTEMPTS = 5;

function parseItem<T extends z.ZodType>(schema: T, payload: Buffer, type: string): z.output<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8'));
  } catch (err) {
    throw new DropError('invalid_json', `${type} item is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new DropError('invalid_item', `invalid ${type} item: ${first?.path.join('.')} ${first?.message}`);
  }
  return parsed.data as z.output<T>;
}

/**
 * The release-health step: folds a `session` item into the session store (status only upgrades,
 * first report's attributes kept: session-status.ts) or stores the buckets of a `sessions` item.
 * Mobile and collector sessions arrive as `session` items too (their ingest builds them).
 */
export async function foldSessionItem(
  tx: Tx,
  projectId: number,
  type: 'session' | 'sessions',
  payload: Buffer,
  receivedAt: number,
): Promise<void> {
  if (type === 'sessions') {
    const item = parseItem(sentrySessionAggregatesSchema, payload, type);
    // The item's hash and receive time name its buckets, so a redelivered record adds nothing.
    const key = `${receivedAt}:${createHash('sha256').update(payload).digest('hex')}`;
    const rows = sessionAggregatesFromSentry(item, receivedAt).map((a, i) => ({
      ...a,
      sourceKey: `${key}:${i}`,
    }));
    await insertSessionAggregates(tx, projectId, rows);
    return;
  }
  const update = sessionUpdateFromSentry(parseItem(sentrySessionSchema, payload, type), receivedAt);
  for (let attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
    const existing = await getSession(tx, projectId, update.sessionId);
    if (await writeSession(tx, projectId, mergeSession(existing, update), existing?.version)) return;
  }
  throw new Error(`session ${update.sessionId} kept changing while being merged`);
}
