import type { Kysely, Transaction } from 'kysely';
import { toStoredEvent, type StoredEvent } from './events.js';
import { applyKeyset, finishPage, type Page, type PageRequest } from './pagination.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** One page of an issue's events, newest first (by event time, then row id); keyset on (timestamp, id). */
export async function pageIssueEvents(
  db: Db,
  issueId: number,
  page: PageRequest,
): Promise<Page<StoredEvent>> {
  const rows = await applyKeyset(
    db.selectFrom('events').selectAll().where('issue_id', '=', issueId),
    'events.timestamp',
    'events.id',
    page,
  ).execute();
  return finishPage(rows.map(toStoredEvent), page);
}

/** The newest or oldest event of an issue. */
export async function edgeIssueEvent(
  db: Db,
  issueId: number,
  which: 'latest' | 'oldest',
): Promise<StoredEvent | undefined> {
  const dir = which === 'latest' ? 'desc' : 'asc';
  const r = await db
    .selectFrom('events')
    .selectAll()
    .where('issue_id', '=', issueId)
    .orderBy('timestamp', dir)
    .orderBy('id', dir)
    .limit(1)
    .executeTakeFirst();
  return r && toStoredEvent(r);
}

/** An event of an issue by its Sentry event id. */
export async function findIssueEvent(
  db: Db,
  projectId: number,
  issueId: number,
  eventId: string,
): Promise<StoredEvent | undefined> {
  const r = await db
    .selectFrom('events')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event_id', '=', eventId)
    .where('issue_id', '=', issueId)
    .executeTakeFirst();
  return r && toStoredEvent(r);
}

/** The event ids just before and just after an event within its issue, in (timestamp, id) order. */
export async function adjacentEventIds(
  db: Db,
  issueId: number,
  at: { timestamp: number; id: number },
): Promise<{ previous: string | null; next: string | null }> {
  const previous = await db
    .selectFrom('events')
    .select('event_id')
    .where('issue_id', '=', issueId)
    .where((eb) =>
      eb.or([
        eb('timestamp', '<', at.timestamp),
        eb.and([eb('timestamp', '=', at.timestamp), eb('id', '<', at.id)]),
      ]),
    )
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const next = await db
    .selectFrom('events')
    .select('event_id')
    .where('issue_id', '=', issueId)
    .where((eb) =>
      eb.or([
        eb('timestamp', '>', at.timestamp),
        eb.and([eb('timestamp', '=', at.timestamp), eb('id', '>', at.id)]),
      ]),
    )
    .orderBy('timestamp', 'asc')
    .orderBy('id', 'asc')
    .limit(1)
    .executeTakeFirst();
  return { previous: previous?.event_id ?? null, next: next?.event_id ?? null };
}

/** The grouping hashes that lead to an issue, each with its newest event (if any is stored). */
export async function listIssueHashes(
  db: Db,
  issueId: number,
): Promise<{ hash: string; groupingVersion: string; latestEvent: StoredEvent | undefined }[]> {
  const hashes = await db
    .selectFrom('issue_hashes')
    .select(['hash', 'grouping_version'])
    .where('issue_id', '=', issueId)
    .orderBy('created_at')
    .execute();
  const out = [];
  for (const h of hashes) {
    const r = await db
      .selectFrom('events')
      .selectAll()
      .where('issue_id', '=', issueId)
      .where('grouping_hash', '=', h.hash)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    out.push({ hash: h.hash, groupingVersion: h.grouping_version, latestEvent: r && toStoredEvent(r) });
  }
  return out;
}
