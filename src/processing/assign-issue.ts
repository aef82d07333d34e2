import type { Kysely, Transaction } from 'kysely';
import {
  createIssueForHash,
  ensureRelease,
  findIssueIdByHash,
  recordIssueEvent,
  releaseFirstSeen,
  setIssueStatus,
} from '../storage/issues.js';
import type { NormalizedEvent } from '../protocol/event.js';
import type { Schema } from '../storage/schema.js';
import { statusAfterEvent, type StatusDetails } from './issue-status.js';
import { compareReleases } from './release-order.js';
import type { ProcessedEvent } from './process-event.js';

type Tx = Kysely<Schema> | Transaction<Schema>;

// Releases known to exist, so each is written once rather than per event. Filled before the
// transaction commits: a digest that rolls back must call forgetKnownReleases().
const knownReleases = new Set<string>();

/** Forgets which releases were recorded (after a rolled-back digest transaction). */
export function forgetKnownReleases(): void {
  knownReleases.clear();
}

// Sentry caps tag values at 200 characters.
const MAX_TAG_VALUE = 200;

/**
 * The tags an event is counted and searched under: its own, plus those Sentry derives from fields
 * (`level`, `environment`, `release`, `user` …), which replace a same-named tag the SDK sent.
 * `user` is the user's key (`id:42`, `email:…`), as Sentry's is; `user.email` is ours, so that
 * `user.email:` finds users whose key is their id.
 */
export function eventTags(event: NormalizedEvent, user: string | undefined): [string, string][] {
  const derived: [string, string][] = [];
  const add = (key: string, value: unknown) => {
    if (typeof value === 'string' && value !== '') derived.push([key, value.slice(0, MAX_TAG_VALUE)]);
  };
  add('level', event.level);
  add('environment', event.environment);
  add('release', event.release);
  add('dist', event.dist);
  add('logger', event.logger);
  add('server_name', event.server_name);
  add('transaction', event.transaction);
  add('user', user);
  // After scrubbing: a filtered address is no address.
  if (typeof event.user?.email === 'string' && event.user.email.includes('@'))
    add('user.email', event.user.email);
  const mechanism = event.exception?.values.at(-1)?.mechanism;
  if (mechanism) {
    add('mechanism', mechanism.type);
    if (typeof mechanism.handled === 'boolean') add('handled', mechanism.handled ? 'yes' : 'no');
  }
  const derivedKeys = new Set(derived.map(([k]) => k));
  return [...event.tags.filter(([k]) => !derivedKeys.has(k)), ...derived];
}

export interface IssueAssignment {
  issueId: number;
  created: boolean;
}

/** Finds the event's issue by its grouping hash, creating the issue when the hash is new. */
export async function findOrCreateIssue(
  tx: Tx,
  projectId: number,
  event: ProcessedEvent,
): Promise<IssueAssignment> {
  const existing = await findIssueIdByHash(tx, projectId, event.grouping.hash);
  if (existing !== undefined) return { issueId: existing, created: false };
  const { id, created } = await createIssueForHash(
    tx,
    {
      projectId,
      title: event.title,
      culprit: event.culprit,
      type: event.exception ? 'error' : 'default',
      level: event.level,
      platform: event.platform,
      metadata: event.metadata,
      timestamp: event.timestamp,
      release: event.release ?? null,
    },
    event.grouping.hash,
    event.grouping.version,
  );
  return { issueId: id, created };
}

/** What counting an event did to its issue, for alerts and logs. */
export interface IssueUpdate {
  regressed: boolean;
  unignored: boolean;
}

/** Counts a newly stored event on its issue and applies regression / un-ignore rules. */
export async function countEventOnIssue(
  tx: Tx,
  projectId: number,
  issueId: number,
  event: ProcessedEvent,
): Promise<IssueUpdate> {
  // A release is recorded once; after that the in-process memory saves a write per event.
  if (event.release && !knownReleases.has(`${projectId}\u0000${event.release}`)) {
    await ensureRelease(tx, projectId, event.release, event.received);
    knownReleases.add(`${projectId}\u0000${event.release}`);
    if (knownReleases.size > 10_000) knownReleases.clear();
  }
  const counters = await recordIssueEvent(tx, issueId, {
    timestamp: event.timestamp,
    release: event.release ?? null,
    level: event.level,
    userKey: event.userKey,
    tags: eventTags(event, event.userKey),
  });
  const details = counters.statusDetails as StatusDetails;
  // Release ages are only needed when a resolved issue's release must be compared.
  let firstSeen = new Map<string, number>();
  if (counters.status === 'resolved' && event.release) {
    const names = [event.release, details.inRelease, details.currentRelease].filter((v): v is string => !!v);
    firstSeen = await releaseFirstSeen(tx, projectId, names);
  }
  const next = statusAfterEvent(
    {
      status: counters.status,
      substatus: counters.substatus,
      details,
      timesSeen: counters.timesSeen,
      userCount: counters.userCount,
    },
    event.release,
    event.received,
    (a, b) => compareReleases(a, b, (v) => firstSeen.get(v)),
  );
  if (next.status !== counters.status || next.substatus !== counters.substatus) {
    await setIssueStatus(
      tx,
      issueId,
      next.status,
      next.substatus,
      next.details as Record<string, unknown>,
      event.received,
    );
  }
  return { regressed: next.regressed, unignored: next.unignored };
}
