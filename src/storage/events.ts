import type { Kysely, Selectable, Transaction } from 'kysely';
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
  data: unknown;
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

/** Stores an event unless (project, event_id) is already stored; returns whether it was new. */
export async function insertEvent(db: Db, e: EventInsert): Promise<boolean> {
  const res = await db
    .insertInto('events')
    .values({
      project_id: e.projectId,
      event_id: e.eventId,
      type: e.type,
      platform: e.platform,
      level: e.level,
      title: e.title,
      timestamp: e.timestamp,
      received_at: e.receivedAt,
      release: e.release,
      environment: e.environment,
      data: JSON.stringify(e.data),
      issue_id: e.issueId,
      grouping_hash: e.groupingHash,
    })
    .onConflict((oc) => oc.columns(['project_id', 'event_id']).doNothing())
    .executeTakeFirst();
  return Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
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
