import type { Kysely, Transaction } from 'kysely';
import type { Schema } from '../storage/schema.js';
import { applyBucketDelta, markIntakeAppliedMany, type BucketDelta } from '../storage/tag-buckets.js';

type Tx = Kysely<Schema> | Transaction<Schema>;

/** Adds every counter of `from` into `into` (two records of the same shape). */
function sumInto<T extends { [K in keyof T]: number }>(into: T, from: T): void {
  for (const k of Object.keys(from) as (keyof T)[]) (into[k] as number) += from[k];
}

/** `b` added into `a` (same site, container and minute); `a` is changed and returned. */
export function mergeBucketDelta(a: BucketDelta, b: BucketDelta): BucketDelta {
  a.totalEvents += b.totalEvents;
  sumInto(a.userData, b.userData);
  sumInto(a.ecommerce, b.ecommerce);
  for (const [name, n] of Object.entries(b.events)) a.events[name] = (a.events[name] ?? 0) + n;
  for (const [name, c] of Object.entries(b.tags)) {
    const into = a.tags[name];
    if (into) sumInto(into, c);
    else a.tags[name] = { ...c };
  }
  return a;
}

const copyDelta = (d: BucketDelta): BucketDelta =>
  mergeBucketDelta(
    {
      containerId: d.containerId,
      minute: d.minute,
      totalEvents: 0,
      userData: { total: 0, email: 0, phone: 0, address: 0 },
      ecommerce: { total: 0, value: 0, currency: 0, transactionId: 0, items: 0 },
      events: {},
      tags: {},
    },
    d,
  );

interface Pending {
  key: string;
  siteId: number;
  receivedAt: number;
  delta: BucketDelta;
}

/**
 * The tag payloads of one digest batch. Per-event payloads arrive by the thousand per minute and
 * nearly all land in the same few buckets, so the batch records which intake keys are new in one
 * statement and adds one summed delta per bucket, instead of a round trip per payload (which on
 * PostgreSQL made the digest round-trip-bound). Runs in the batch's transaction, so the applied keys
 * and the counts commit together: a redelivered payload is still skipped, never counted twice.
 */
export class TagBatch {
  private readonly pending: Pending[] = [];

  /** Queues a payload's delta; returns its place, to read its fate from `store`'s answer. */
  add(key: string, siteId: number, receivedAt: number, delta: BucketDelta): number {
    return this.pending.push({ key, siteId, receivedAt, delta }) - 1;
  }

  /** Writes what was queued; for each place, whether it was applied now (false: seen before). */
  async store(tx: Tx): Promise<boolean[]> {
    if (this.pending.length === 0) return [];
    const fresh = await markIntakeAppliedMany(
      tx,
      this.pending.map((p) => ({ key: p.key, at: p.receivedAt })),
    );
    const applied: boolean[] = [];
    const buckets = new Map<string, { siteId: number; receivedAt: number; delta: BucketDelta }>();
    for (const p of this.pending) {
      // A key new to the table counts once, even if the batch holds it twice.
      const isNew = fresh.delete(p.key);
      applied.push(isNew);
      if (!isNew) continue;
      const id = `${p.siteId}\u0000${p.delta.containerId}\u0000${p.delta.minute}`;
      const bucket = buckets.get(id);
      if (bucket) {
        mergeBucketDelta(bucket.delta, p.delta);
        bucket.receivedAt = Math.max(bucket.receivedAt, p.receivedAt);
      } else buckets.set(id, { siteId: p.siteId, receivedAt: p.receivedAt, delta: copyDelta(p.delta) });
    }
    for (const b of buckets.values()) await applyBucketDelta(tx, b.siteId, b.delta, b.receivedAt);
    this.pending.length = 0;
    return applied;
  }
}
