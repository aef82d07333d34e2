import type { Kysely, Selectable, Transaction } from 'kysely';
import { insertRows } from './bulk-sql.js';
import type { EventTable, Schema } from './schema.js';

export interface EventInsert {
  projectId: number;
  eventId: string;
  type: string;
  platform: string;
  level: string;
  title: string;
  timestamp: number;
  receivedAt: number;
  release: string | null;
  environment: string | null;
  /** The event document, as JSON text. */
  data: string;
  issueId: number | null;
  groupingHash: string | null;
}

export interface StoredEvent extends Omit<EventInsert, 'data'> {
  id: number;
  data: Record<string, unknown>;
}

export interface AttachmentInsert {
  projectId: number;
  eventId: string;
  name: string;
  contentType: string | null;
  attachmentType: string | null;
  data: Buffer;
  receivedAt: number;
}

type Db = Kysely<Schema> | Transaction<Schema>;

const INSERT_EVENTS =
  'insert into "events" ("project_id", "event_id", "type", "platform", "level", "title", "timestamp", ' +
  '"received_at", "release", "environment", "data", "issue_id", "grouping_hash")';

/**
 * Stores events in one multi-row insert, skipping each whose (project, event_id) is already stored;
 * returns, per event, whether it was new. A repeated id within `events` is a duplicate of its first.
 */
export async function insertEvents(db: Db, events: readonly EventInsert[]): Promise<boolean[]> {
  const firstOf = new Map<string, number>();
  const rows: unknown[][] = [];
  events.forEach((e, i) => {
    const key = `${e.projectId}\u0000${e.eventId}`;
    if (firstOf.has(key)) return;
    firstOf.set(key, i);
    rows.push([
      e.projectId,
      e.eventId,
      e.type,
      e.platform,
      e.level,
      e.title,
      e.timestamp,
      e.receivedAt,
      e.release,
      e.environment,
      e.data,
      e.issueId,
      e.groupingHash,
    ]);
  });
  const inserted = await insertRows<{ project_id: number; event_id: string }>(
    db,
    INSERT_EVENTS,
    rows,
    'on conflict ("project_id", "event_id") do nothing returning "project_id", "event_id"',
  );
  const isNew = new Set(inserted.map((r) => `${Number(r.project_id)}\u0000${r.event_id}`));
  return events.map((e, i) => {
    const key = `${e.projectId}\u0000${e.eventId}`;
    return firstOf.get(key) === i && isNew.has(key);
  });
}

/** Stores an attachment; a redelivered one (same event and name) is ignored. */
export async function insertAttachment(db: Db, a: AttachmentInsert): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      project_id: a.projectId,
      event_id: a.eventId,
      name: a.name,
      content_type: a.contentType,
      attachment_type: a.attachmentType,
      size: a.data.length,
      data: a.data,
      created_at: a.receivedAt,
    })
    .onConflict((oc) => oc.columns(['project_id', 'event_id', 'name']).doNothing())
    .execute();
}

/** Keeps a non-event envelope item (session, client report, span …) for the step that will use it. */
export async function insertEnvelopeItem(
  db: Db,
  item: {
    projectId: number;
    type: string;
    eventId: string | null;
    receivedAt: number;
    headers: unknown;
    payload: Buffer;
  },
): Promise<void> {
  await db
    .insertInto('envelope_items')
    .values({
      project_id: item.projectId,
      type: item.type,
      event_id: item.eventId,
      received_at: item.receivedAt,
      headers: JSON.stringify(item.headers),
      payload: item.payload,
    })
    .execute();
}

/** Maps a stored events row to the record the rest of Faultline reads. */
export function toStoredEvent(r: Selectable<EventTable>): StoredEvent {
  return {
    id: Number(r.id),
    projectId: Number(r.project_id),
    eventId: r.event_id,
    type: r.type,
    platform: r.platform,
    level: r.level,
    title: r.title,
    timestamp: Number(r.timestamp),
    receivedAt: Number(r.received_at),
    release: r.release,
    environment: r.environment,
    data: JSON.parse(r.data) as Record<string, unknown>,
    issueId: r.issue_id === null ? null : Number(r.issue_id),
    groupingHash: r.grouping_hash,
  };
}

/** One stored event by its Sentry event id. */
export async function getEvent(db: Db, projectId: number, eventId: string): Promise<StoredEvent | undefined> {
  const r = await db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return r && toStoredEvent(r);
}

/** A project's events, newest first. */
export async function listEvents(db: Db, projectId: number, limit = 100): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .orderBy('received_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toStoredEvent);
}

/** Attachments stored for an event. */
export async function listAttachments(
  db: Db,
  projectId: number,
  eventId: string,
): Promise<
  { name: string; contentType: string | null; attachmentType: string | null; size: number; data: Buffer }[]
> {
  const rows = await db
    .selectFrom('attachments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    name: r.name,
    contentType: r.content_type,
    attachmentType: r.attachment_type,
    size: Number(r.size),
    data: Buffer.from(r.data),
  }));
}

/**
 * Deletes up to `batch` events of a project older than `cutoff` (and their attachments); returns how
 * many. Small batches keep each write transaction short, so the digest is never held up for long.
 */
export async function deleteEventsBefore(
  db: Kysely<Schema>,
  projectId: number,
  cutoff: number,
  batch = 1000,
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const victims = await tx
      .selectFrom('events')
      .select(['id', 'event_id'])
      .where('project_id', '=', projectId)
      .where('timestamp', '<', cutoff)
      .orderBy('timestamp')
      .limit(batch)
      .execute();
    if (victims.length === 0) return 0;
    await tx
      .deleteFrom('attachments')
      .where('project_id', '=', projectId)
      .where(
        'event_id',
        'in',
        victims.map((v) => v.event_id),
      )
      .execute();
    await tx
      .deleteFrom('events')
      .where(
        'id',
        'in',
        victims.map((v) => v.id),
      )
      .execute();
    return victims.length;
  });
}
