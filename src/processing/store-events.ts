import type { Kysely, Transaction } from 'kysely';
import { insertEvents, type EventInsert } from '../storage/events.js';
import type { Schema } from '../storage/schema.js';
import { assignIssues, issueEventOf, type IssueEvent } from './assign-issue.js';
import { countEventsOnIssues, type CountedEvent } from './count-on-issues.js';
import type { ProcessedEvent } from './process-event.js';

type Tx = Transaction<Schema> | Kysely<Schema>;

/** An event waiting in its batch: its row (issue still to fill in) and, for errors, what its issue needs. */
interface PendingEvent {
  row: EventInsert;
  issue: IssueEvent | undefined;
}

// Events are stored 32 at a time as their batch goes: one statement still carries many rows, and
// what an event leaves behind (its JSON text above all) does not outlive a few young garbage
// collections, each of which copies whatever is still alive.
const STORE_EVERY = 32;

/**
 * The events of one digest transaction, stored a few dozen at a time: a lookup of their grouping
 * hashes, a multi-row insert, and one counter update per issue with their sums — where storing
 * them one at a time took some ten statements per event. The result is the same: issues are found
 * or created in the events' order, an event already stored (same project and event_id, a
 * redelivery) is not counted again, and only new events are counted on their issues.
 */
export class EventBatch {
  private readonly pending: PendingEvent[] = [];
  private readonly isNew: boolean[] = [];

  /**
   * Queues an event that has been through the pure steps, given the envelope item type it came in
   * (`event`, `transaction`, `security` …); returns its place in the batch, which indexes what
   * store() returns. The event is serialized now, so the batch does not keep it alive.
   */
  async add(
    tx: Tx,
    projectId: number,
    event: ProcessedEvent,
    itemType: string,
    receivedAt: number,
  ): Promise<number> {
    // Transactions are performance data, not errors: stored, never grouped into issues.
    const isError = itemType === 'event' && event.type !== 'transaction';
    const { title, culprit: _culprit, metadata: _metadata, grouping, userKey: _userKey, ...data } = event;
    const row: EventInsert = {
      projectId,
      eventId: event.event_id,
      type: isError ? 'error' : itemType === 'event' ? 'transaction' : itemType,
      platform: event.platform,
      level: event.level,
      title,
      timestamp: event.timestamp,
      receivedAt,
      release: event.release ?? null,
      environment: event.environment ?? null,
      data: JSON.stringify({
        ...data,
        culprit: event.culprit,
        metadata: event.metadata,
        grouping: { version: grouping.version, hash: grouping.hash, variant: grouping.variant },
      }),
      issueId: null,
      groupingHash: isError ? grouping.hash : null,
    };
    const at = this.isNew.length + this.pending.length;
    this.pending.push({ row, issue: isError ? issueEventOf(projectId, event) : undefined });
    if (this.pending.length >= STORE_EVERY) await this.storeQueued(tx);
    return at;
  }

  /** Stores what is still queued; returns, for each event in the order added, whether it was new. */
  async store(tx: Tx): Promise<boolean[]> {
    await this.storeQueued(tx);
    return this.isNew.splice(0);
  }

  /** Assigns the queued events to their issues, inserts them, and counts the new ones there. */
  private async storeQueued(tx: Tx): Promise<void> {
    const pending = this.pending.splice(0);
    if (pending.length === 0) return;
    const errors = pending.filter((p) => p.issue !== undefined);
    const issueIds = await assignIssues(
      tx,
      errors.map((p) => p.issue!),
    );
    errors.forEach((p, i) => (p.row.issueId = issueIds[i]!));
    const isNew = await insertEvents(
      tx,
      pending.map((p) => p.row),
    );
    const counted: CountedEvent[] = [];
    pending.forEach((p, i) => {
      this.isNew.push(isNew[i]!);
      // A redelivered event (same project and event_id) must not be counted twice.
      if (isNew[i] && p.issue && p.row.issueId !== null)
        counted.push({ issueId: p.row.issueId, event: p.issue });
    });
    await countEventsOnIssues(tx, counted);
  }
}
