import type { Kysely, Transaction } from 'kysely';
import { createIssueForHash, findIssueIdsByHashes, type NewIssue } from '../storage/issues.js';
import type { NormalizedEvent } from '../protocol/event.js';
import type { Schema } from '../storage/schema.js';
import type { ProcessedEvent } from './process-event.js';

type Tx = Kysely<Schema> | Transaction<Schema>;

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

/** Finds the event's issue by its grouping hash, creating the issue when the hash is new. */
export async function findOrCreateIssue(tx: Tx, projectId: number, event: ProcessedEvent): Promise<number> {
  const [issueId] = await assignIssues(tx, [issueEventOf(projectId, event)]);
  return issueId!;
}

/** The issue an event founds when its grouping hash is new. */
function newIssueOf(projectId: number, event: ProcessedEvent): NewIssue {
  return {
    projectId,
    title: event.title,
    culprit: event.culprit,
    type: event.exception ? 'error' : 'default',
    level: event.level,
    platform: event.platform,
    metadata: event.metadata,
    timestamp: event.timestamp,
    release: event.release ?? null,
  };
}

/**
 * What assigning an error event to its issue and counting it there need. A digest batch keeps this
 * rather than the processed event, which would otherwise stay alive (and be copied by every young
 * garbage collection) until the batch is stored.
 */
export interface IssueEvent {
  projectId: number;
  hash: string;
  groupingVersion: string;
  /** The issue to create if the hash has none yet. */
  newIssue: NewIssue;
  timestamp: number;
  received: number;
  release: string | undefined;
  userKey: string | undefined;
  tags: [string, string][];
}

/** The parts of a processed error event that its issue needs. */
export function issueEventOf(projectId: number, event: ProcessedEvent): IssueEvent {
  return {
    projectId,
    hash: event.grouping.hash,
    groupingVersion: event.grouping.version,
    newIssue: newIssueOf(projectId, event),
    timestamp: event.timestamp,
    received: event.received,
    release: event.release,
    userKey: event.userKey,
    tags: eventTags(event, event.userKey),
  };
}

/**
 * The issue of each of a batch's events, as findOrCreateIssue would give them one at a time: hashes
 * are looked up with one query per project, and a hash without an issue gets one from the first of
 * its events, in the events' order (so issue ids and titles come out the same).
 */
export async function assignIssues(tx: Tx, events: readonly IssueEvent[]): Promise<number[]> {
  const hashesOf = new Map<number, Set<string>>();
  for (const { projectId, hash } of events) {
    let hashes = hashesOf.get(projectId);
    if (!hashes) hashesOf.set(projectId, (hashes = new Set()));
    hashes.add(hash);
  }
  const issueOf = new Map<string, number>();
  for (const [projectId, hashes] of hashesOf) {
    const found = await findIssueIdsByHashes(tx, projectId, [...hashes]);
    for (const [hash, issueId] of found) issueOf.set(`${projectId}\u0000${hash}`, issueId);
  }
  const out: number[] = [];
  for (const e of events) {
    const key = `${e.projectId}\u0000${e.hash}`;
    let issueId = issueOf.get(key);
    if (issueId === undefined) {
      issueId = (await createIssueForHash(tx, e.newIssue, e.hash, e.groupingVersion)).id;
      issueOf.set(key, issueId);
    }
    out.push(issueId);
  }
  return out;
}
