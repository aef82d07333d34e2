import { sql, type Kysely, type Transaction } from 'kysely';
import type { Schema } from './schema.js';

export type OutcomeKind = 'accepted' | 'filtered' | 'rate_limited' | 'invalid' | 'client_discard';

type Db = Kysely<Schema> | Transaction<Schema>;

interface Pending {
  projectId: number;
  minute: number;
  outcome: OutcomeKind;
  category: string;
  reason: string;
  quantity: number;
}

/**
 * Counts what happened to data (Relay's outcomes): kept in memory and written in one batch every
 * few seconds, so counting never slows ingest. A crash loses at most the last few seconds of counts.
 */
export class OutcomeRecorder {
  private pending = new Map<string, Pending>();

  record(
    projectId: number,
    outcome: OutcomeKind,
    category: string,
    reason: string,
    quantity = 1,
    at = Date.now() / 1000,
  ): void {
    if (quantity <= 0) return;
    const minute = Math.floor(at / 60) * 60;
    const key = `${projectId}|${minute}|${outcome}|${category}|${reason}`;
    const p = this.pending.get(key);
    if (p) p.quantity += quantity;
    else
      this.pending.set(key, { projectId, minute, outcome, category, reason: reason.slice(0, 100), quantity });
  }

  /** Writes the counts gathered so far; on failure they are kept for the next flush. */
  async flush(db: Kysely<Schema>): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = [...this.pending.values()];
    this.pending = new Map();
    try {
      await addOutcomes(db, batch);
    } catch (err) {
      for (const p of batch) this.record(p.projectId, p.outcome, p.category, p.reason, p.quantity, p.minute);
      throw err;
    }
  }
}

/** Adds outcome counts (upsert per project, minute, outcome, category, reason). */
export async function addOutcomes(db: Db, rows: Pending[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto('outcomes')
      .values(
        rows.slice(i, i + 200).map((r) => ({
          project_id: r.projectId,
          minute: r.minute,
          outcome: r.outcome,
          category: r.category,
          reason: r.reason,
          quantity: r.quantity,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['project_id', 'minute', 'outcome', 'category', 'reason'])
          .doUpdateSet({ quantity: sql`outcomes.quantity + excluded.quantity` }),
      )
      .execute();
  }
}

/** Totals per outcome, category and reason for a project since a time. */
export async function summarizeOutcomes(
  db: Db,
  projectId: number,
  since: number,
): Promise<{ outcome: string; category: string; reason: string; quantity: number }[]> {
  const rows = await db
    .selectFrom('outcomes')
    .select(['outcome', 'category', 'reason', (eb) => eb.fn.sum<number>('quantity').as('quantity')])
    .where('project_id', '=', projectId)
    .where('minute', '>=', since)
    .groupBy(['outcome', 'category', 'reason'])
    .orderBy('outcome')
    .orderBy('category')
    .execute();
  return rows.map((r) => ({
    outcome: r.outcome,
    category: r.category,
    reason: r.reason,
    quantity: Number(r.quantity),
  }));
}
