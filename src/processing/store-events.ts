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

// Events are written 32 at a time, as their batch goes: one statement still carries many rows, and
// an event's row (its JSON text above all) does not outlive a few young garbage collections, each
// of which copies whatever is still alive. Counting waits for the end of the batch.
const WRITE_EVERY = 32;

/**
 * The events of one digest transaction, written together: a lookup of their grouping hashes and a
 * multi-row insert per 32 events, then, when the batch ends, one counter update per issue with the
 * batch's sums — where storing them one at a time took some ten statements per event. The result
 * is the same: issues are found or created in the events' order, an event already stored (same
 * project and event_id, a redelivery) is not counted again, and only new events are counted.
 */
export class EventBatch {
  private readonly pending: PendingEvent[] = [];
  private readonly isNew: boolean[] = [];
  private readonly toCount: CountedEvent[] = [];

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
    if (this.pending.length >= WRITE_EVERY) await this.write(tx);
    return at;
  }

  /**
   * Writes what is still queued and counts the batch's new events on their issues; returns, for
   * each event in the order added, whether it was new.
   */
  async store(tx: Tx): Promise<boolean[]> {
    await this.write(tx);
    await countEventsOnIssues(tx, this.toCount.splice(0));
    return this.isNew.splice(0);
  }

  /** Assigns the queued events to their issues and inserts them. */
  private async write(tx: Tx): Promise<void> {
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
    pending.forEach((p, i) => {
      this.isNew.push(isNew[i]!);
      // A redelivered event (same project and event_id) must not be counted twice.
      if (isNew[i] && p.issue && p.row.issueId !== null)
        this.toCount.push({ issueId: p.row.issueId, event: p.issue });
    });
  }
}
