import type { Kysely, Transaction } from 'kysely';
import {
  addIssueTagValues,
  addIssueUsers,
  addToIssueCounters,
  ensureRelease,
  lockIssueCountStates,
  releaseFirstSeen,
  type IssueCountDelta,
  type IssueCounters,
  type IssueTagCount,
} from '../storage/issues.js';
import type { Schema } from '../storage/schema.js';
import type { IssueEvent } from './assign-issue.js';
import { statusAfterEvent, type StatusChange, type StatusDetails } from './issue-status.js';
import { compareReleases } from './release-order.js';

type Tx = Kysely<Schema> | Transaction<Schema>;

// Releases known to exist, so each is written once rather than per event. Filled before the
// transaction commits: a digest that rolls back must call forgetKnownReleases().
const knownReleases = new Set<string>();

/** Forgets which releases were recorded (after a rolled-back digest transaction). */
export function forgetKnownReleases(): void {
  knownReleases.clear();
}

/** What counting an event did to its issue, for alerts and logs. */
export interface IssueUpdate {
  regressed: boolean;
  unignored: boolean;
}

/** A newly stored error event and the issue it was assigned to. */
export interface CountedEvent {
  issueId: number;
  event: IssueEvent;
}

/**
 * Counts a batch's newly stored events on their issues and applies regression / un-ignore rules.
 * Each issue is read (and, on PostgreSQL, locked) once and written once, with the events' sums:
 * times seen, distinct users, first/last seen and release; all tag value counts go in one upsert.
 * The status rules still see the events one at a time, in order, with the counters as they stood
 * after each, so the outcome is what counting them one by one gave.
 */
export async function countEventsOnIssues(tx: Tx, events: readonly CountedEvent[]): Promise<IssueUpdate[]> {
  if (events.length === 0) return [];
  const states = await lockIssueCountStates(tx, [...new Set(events.map((e) => e.issueId))]);
  const newUsers = await recordUsers(tx, events);
  const deltas = new Map<number, IssueCountDelta>();
  const tags = new TagCounts();
  const updates: IssueUpdate[] = [];
  for (const [i, { issueId, event }] of events.entries()) {
    await ensureReleaseOnce(tx, event);
    const state = states.get(issueId);
    if (!state) throw new Error(`issue ${issueId} vanished while counting its events`);
    // A user is new to an issue at its first event in the batch, if the issue had not seen it before.
    const isNewUser = event.userKey !== undefined && newUsers.delete(`${issueId}\u0000${event.userKey}`);
    state.timesSeen += 1;
    if (isNewUser) state.userCount += 1;
    const delta = addToDelta(deltas, issueId, event, isNewUser);
    tags.add(issueId, event, i);

    const next = await nextStatus(tx, state, event);
    if (next.status !== state.status || next.substatus !== state.substatus) {
      state.status = next.status;
      state.substatus = next.substatus;
      state.statusDetails = next.details as Record<string, unknown>;
      delta.status = {
        status: next.status,
        substatus: next.substatus,
        details: state.statusDetails,
        at: event.received,
      };
    }
    updates.push({ regressed: next.regressed, unignored: next.unignored });
  }
  if (tags.size > 0) await addIssueTagValues(tx, tags.values());
  await addToIssueCounters(tx, deltas);
  return updates;
}

/** Adds the batch's (issue, user) pairs; returns those the issues had not seen, as `issueId\0userKey`. */
async function recordUsers(tx: Tx, events: readonly CountedEvent[]): Promise<Set<string>> {
  const pairs = new Map<string, { issueId: number; userKey: string }>();
  for (const { issueId, event } of events) {
    if (event.userKey !== undefined)
      pairs.set(`${issueId}\u0000${event.userKey}`, { issueId, userKey: event.userKey });
  }
  return pairs.size > 0 ? addIssueUsers(tx, [...pairs.values()]) : new Set();
}

/** Records the event's release once per process (it orders releases by when they were first seen). */
async function ensureReleaseOnce(tx: Tx, event: IssueEvent): Promise<void> {
  const key = `${event.projectId}\u0000${event.release}`;
  if (!event.release || knownReleases.has(key)) return;
  await ensureRelease(tx, event.projectId, event.release, event.received);
  knownReleases.add(key);
  if (knownReleases.size > 10_000) knownReleases.clear();
}

/** The issue's delta for this batch, with one more event added to it. */
function addToDelta(
  deltas: Map<number, IssueCountDelta>,
  issueId: number,
  event: IssueEvent,
  isNewUser: boolean,
): IssueCountDelta {
  let delta = deltas.get(issueId);
  if (!delta) {
    delta = {
      events: 0,
      newUsers: 0,
      firstSeen: event.timestamp,
      lastSeen: event.timestamp,
      firstRelease: null,
      lastRelease: null,
    };
    deltas.set(issueId, delta);
  }
  delta.events += 1;
  if (isNewUser) delta.newUsers += 1;
  if (event.timestamp < delta.firstSeen) delta.firstSeen = event.timestamp;
  if (event.timestamp > delta.lastSeen) delta.lastSeen = event.timestamp;
  if (event.release !== undefined) {
    delta.firstRelease ??= event.release;
    delta.lastRelease = event.release;
  }
  return delta;
}

/** Tag value counts of a batch by (issue, key, value); a value repeated within one event counts once. */
class TagCounts {
  private readonly counts = new Map<string, IssueTagCount & { lastEvent: number }>();

  add(issueId: number, event: IssueEvent, eventIndex: number): void {
    for (const [key, value] of event.tags) {
      const tagKey = `${issueId}\u0000${key}\u0000${value}`;
      const count = this.counts.get(tagKey);
      if (!count) {
        const at = event.timestamp;
        this.counts.set(tagKey, {
          issueId,
          key,
          value,
          count: 1,
          firstSeen: at,
          lastSeen: at,
          lastEvent: eventIndex,
        });
      } else if (count.lastEvent !== eventIndex) {
        count.lastEvent = eventIndex;
        count.count += 1;
        if (event.timestamp > count.lastSeen) count.lastSeen = event.timestamp;
      }
    }
  }

  get size(): number {
    return this.counts.size;
  }

  values(): IssueTagCount[] {
    return [...this.counts.values()];
  }
}

/** Where the issue's status goes with this event, reading release ages only when they matter. */
async function nextStatus(tx: Tx, state: IssueCounters, event: IssueEvent): Promise<StatusChange> {
  const details = state.statusDetails as StatusDetails;
  let firstSeen = new Map<string, number>();
  if (state.status === 'resolved' && event.release) {
    const names = [event.release, details.inRelease, details.currentRelease].filter((v): v is string => !!v);
    firstSeen = await releaseFirstSeen(tx, event.projectId, names);
  }
  return statusAfterEvent(
    {
      status: state.status,
      substatus: state.substatus,
      details,
      timesSeen: state.timesSeen,
      userCount: state.userCount,
    },
    event.release,
    event.received,
    (a, b) => compareReleases(a, b, (v) => firstSeen.get(v)),
  );
}
