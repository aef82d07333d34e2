import { sql, type Kysely, type Transaction } from 'kysely';
import { insertRows } from './bulk-sql.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/** Executions of one tag by outcome, with their summed execution time. */
export interface TagCounts {
  success: number;
  failure: number;
  timeout: number;
  exception: number;
  totalExecMs: number;
  count: number;
}

/** What one payload adds to the bucket of (site, container, minute). */
export interface BucketDelta {
  containerId: string;
  /** Start of the minute, seconds since the epoch. */
  minute: number;
  totalEvents: number;
  userData: { total: number; email: number; phone: number; address: number };
  ecommerce: { total: number; value: number; currency: number; transactionId: number; items: number };
  events: Record<string, number>;
  tags: Record<string, TagCounts>;
}

const add = (table: string, column: string) =>
  sql<number>`${sql.ref(`${table}.${column}`)} + ${sql.ref(`excluded.${column}`)}`;

/** Records intake keys as being folded, many at once; answers the keys not recorded before. */
export async function markIntakeAppliedMany(
  db: Db,
  entries: readonly { key: string; at: number }[],
): Promise<Set<string>> {
  const rows = await insertRows<{ intake_key: string }>(
    db,
    'insert into "tag_ingest_applied" ("intake_key", "applied_at")',
    entries.map((e) => [e.key, e.at]),
    'on conflict ("intake_key") do nothing returning "intake_key"',
  );
  return new Set(rows.map((r) => r.intake_key));
}

/** Forgets applied intake keys older than `before` (a redelivery comes within seconds, not days). */
export async function pruneAppliedIntake(db: Db, before: number): Promise<void> {
  await db.deleteFrom('tag_ingest_applied').where('applied_at', '<', before).execute();
}

/** Merges a delta into the stored bucket rows (insert or add), in the caller's transaction. */
export async function applyBucketDelta(
  db: Db,
  siteId: number,
  d: BucketDelta,
  receivedAt: number,
): Promise<void> {
  const key = { project_id: siteId, container_id: d.containerId, minute: d.minute };
  const T = 'tag_buckets';
  await db
    .insertInto(T)
    .values({
      ...key,
      total_events: d.totalEvents,
      ud_total: d.userData.total,
      ud_email: d.userData.email,
      ud_phone: d.userData.phone,
      ud_address: d.userData.address,
      ec_total: d.ecommerce.total,
      ec_value: d.ecommerce.value,
      ec_currency: d.ecommerce.currency,
      ec_transaction_id: d.ecommerce.transactionId,
      ec_items: d.ecommerce.items,
      received_at: receivedAt,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'minute', 'container_id']).doUpdateSet({
        total_events: add(T, 'total_events'),
        ud_total: add(T, 'ud_total'),
        ud_email: add(T, 'ud_email'),
        ud_phone: add(T, 'ud_phone'),
        ud_address: add(T, 'ud_address'),
        ec_total: add(T, 'ec_total'),
        ec_value: add(T, 'ec_value'),
        ec_currency: add(T, 'ec_currency'),
        ec_transaction_id: add(T, 'ec_transaction_id'),
        ec_items: add(T, 'ec_items'),
        received_at: sql<number>`excluded.received_at`,
      }),
    )
    .execute();
  const events = Object.entries(d.events).filter(([, n]) => n > 0);
  if (events.length > 0) {
    await db
      .insertInto('tag_bucket_events')
      .values(events.map(([event_name, count]) => ({ ...key, event_name, count })))
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'minute', 'container_id', 'event_name'])
          .doUpdateSet({ count: add('tag_bucket_events', 'count') }),
      )
      .execute();
  }
  const tags = Object.entries(d.tags);
  if (tags.length > 0) {
    const TT = 'tag_bucket_tags';
    await db
      .insertInto(TT)
      .values(
        tags.map(([tag_name, c]) => ({
          ...key,
          tag_name,
          success: c.success,
          failure: c.failure,
          timeout: c.timeout,
          exception: c.exception,
          total_exec_ms: c.totalExecMs,
          count: c.count,
        })),
      )
      .onConflict((oc) =>
        oc.columns(['project_id', 'minute', 'container_id', 'tag_name']).doUpdateSet({
          success: add(TT, 'success'),
          failure: add(TT, 'failure'),
          timeout: add(TT, 'timeout'),
          exception: add(TT, 'exception'),
          total_exec_ms: add(TT, 'total_exec_ms'),
          count: add(TT, 'count'),
        }),
      )
      .execute();
  }
}

/** Totals of a site over minutes [from, to) (seconds). */
export interface WindowTotals {
  totalEvents: number;
  userData: BucketDelta['userData'];
  ecommerce: BucketDelta['ecommerce'];
  /** End of the newest bucket minute in the range, or null. */
  lastSeen: number | null;
  containerId: string | null;
}

const n = (v: unknown) => Number(v ?? 0);

/** Sums a site's buckets over [from, to). */
export async function sumBuckets(db: Db, siteId: number, from: number, to: number): Promise<WindowTotals> {
  const r = await db
    .selectFrom('tag_buckets')
    .where('project_id', '=', siteId)
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .select((eb) => [
      eb.fn.sum<number>('total_events').as('total_events'),
      eb.fn.sum<number>('ud_total').as('ud_total'),
      eb.fn.sum<number>('ud_email').as('ud_email'),
      eb.fn.sum<number>('ud_phone').as('ud_phone'),
      eb.fn.sum<number>('ud_address').as('ud_address'),
      eb.fn.sum<number>('ec_total').as('ec_total'),
      eb.fn.sum<number>('ec_value').as('ec_value'),
      eb.fn.sum<number>('ec_currency').as('ec_currency'),
      eb.fn.sum<number>('ec_transaction_id').as('ec_transaction_id'),
      eb.fn.sum<number>('ec_items').as('ec_items'),
      eb.fn.max<number>('minute').as('last_minute'),
      eb.fn.max<string>('container_id').as('container_id'),
    ])
    .executeTakeFirstOrThrow();
  return {
    totalEvents: n(r.total_events),
    userData: { total: n(r.ud_total), email: n(r.ud_email), phone: n(r.ud_phone), address: n(r.ud_address) },
    ecommerce: {
      total: n(r.ec_total),
      value: n(r.ec_value),
      currency: n(r.ec_currency),
      transactionId: n(r.ec_transaction_id),
      items: n(r.ec_items),
    },
    lastSeen: r.last_minute === null || r.last_minute === undefined ? null : n(r.last_minute) + 60,
    containerId: r.container_id ?? null,
  };
}

/** Event counts by name over [from, to). */
export async function sumEventsByName(
  db: Db,
  siteId: number,
  from: number,
  to: number,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('tag_bucket_events')
    .where('project_id', '=', siteId)
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .groupBy('event_name')
    .select((eb) => ['event_name', eb.fn.sum<number>('count').as('count')])
    .execute();
  return new Map(rows.map((r) => [r.event_name, n(r.count)]));
}

/** Per-tag counts over [from, to), optionally for one tag. */
export async function sumTags(
  db: Db,
  siteId: number,
  from: number,
  to: number,
  tagName?: string,
): Promise<Map<string, TagCounts>> {
  let q = db
    .selectFrom('tag_bucket_tags')
    .where('project_id', '=', siteId)
    .where('minute', '>=', from)
    .where('minute', '<', to);
  if (tagName !== undefined) q = q.where('tag_name', '=', tagName);
  const rows = await q
    .groupBy('tag_name')
    .select((eb) => [
      'tag_name',
      eb.fn.sum<number>('success').as('success'),
      eb.fn.sum<number>('failure').as('failure'),
      eb.fn.sum<number>('timeout').as('timeout'),
      eb.fn.sum<number>('exception').as('exception'),
      eb.fn.sum<number>('total_exec_ms').as('total_exec_ms'),
      eb.fn.sum<number>('count').as('count'),
    ])
    .execute();
  return new Map(
    rows.map((r) => [
      r.tag_name,
      {
        success: n(r.success),
        failure: n(r.failure),
        timeout: n(r.timeout),
        exception: n(r.exception),
        totalExecMs: n(r.total_exec_ms),
        count: n(r.count),
      },
    ]),
  );
}

/** The newest bucket minute end at or before `now` (seconds), or null when the site has no data. */
export async function lastSeenAt(db: Db, siteId: number, now: number): Promise<number | null> {
  const r = await db
    .selectFrom('tag_buckets')
    .where('project_id', '=', siteId)
    // Minutes are whole seconds (a bigint on PostgreSQL): compare with a whole bound.
    .where('minute', '<', Math.ceil(now))
    .select((eb) => eb.fn.max<number>('minute').as('m'))
    .executeTakeFirst();
  return r?.m === null || r?.m === undefined ? null : n(r.m) + 60;
}

/** One stored minute bucket with its event and tag rows, for charts. */
export interface BucketView extends BucketDelta {
  receivedAt: number;
}

/** A site's buckets over [from, to), oldest first, at most `limit`. */
export async function listBuckets(
  db: Db,
  siteId: number,
  from: number,
  to: number,
  limit: number,
): Promise<BucketView[]> {
  const rows = await db
    .selectFrom('tag_buckets')
    .selectAll()
    .where('project_id', '=', siteId)
    .where('minute', '>=', from)
    .where('minute', '<', to)
    .orderBy('minute')
    .orderBy('container_id')
    .limit(limit)
    .execute();
  if (rows.length === 0) return [];
  const last = n(rows[rows.length - 1]!.minute);
  const first = n(rows[0]!.minute);
  const within = <T extends { minute: number; container_id: string }>(list: T[]) => {
    const byKey = new Map<string, T[]>();
    for (const r of list) {
      const k = `${n(r.minute)}|${r.container_id}`;
      const arr = byKey.get(k) ?? [];
      arr.push(r);
      byKey.set(k, arr);
    }
    return byKey;
  };
  const events = within(
    await db
      .selectFrom('tag_bucket_events')
      .selectAll()
      .where('project_id', '=', siteId)
      .where('minute', '>=', first)
      .where('minute', '<=', last)
      .execute(),
  );
  const tags = within(
    await db
      .selectFrom('tag_bucket_tags')
      .selectAll()
      .where('project_id', '=', siteId)
      .where('minute', '>=', first)
      .where('minute', '<=', last)
      .execute(),
  );
  return rows.map((r) => {
    const k = `${n(r.minute)}|${r.container_id}`;
    return {
      containerId: r.container_id,
      minute: n(r.minute),
      totalEvents: n(r.total_events),
      userData: {
        total: n(r.ud_total),
        email: n(r.ud_email),
        phone: n(r.ud_phone),
        address: n(r.ud_address),
      },
      ecommerce: {
        total: n(r.ec_total),
        value: n(r.ec_value),
        currency: n(r.ec_currency),
        transactionId: n(r.ec_transaction_id),
        items: n(r.ec_items),
      },
      events: Object.fromEntries((events.get(k) ?? []).map((e) => [e.event_name, n(e.count)])),
      tags: Object.fromEntries(
        (tags.get(k) ?? []).map((t) => [
          t.tag_name,
          {
            success: n(t.success),
            failure: n(t.failure),
            timeout: n(t.timeout),
            exception: n(t.exception),
            totalExecMs: n(t.total_exec_ms),
            count: n(t.count),
          },
        ]),
      ),
      receivedAt: n(r.received_at),
    };
  });
}
