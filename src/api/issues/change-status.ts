import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import type { StatusDetails } from '../../processing/issue-status.js';
import { compareReleases } from '../../processing/release-order.js';
import { setIssueStatus, type IssueRecord } from '../../storage/issues.js';
import { findAssignableUser, listReleases, setIssueFlags } from '../../storage/issue-triage.js';
import type { IssueStatus, IssueSubstatus, Schema } from '../../storage/schema.js';
import type { Principal } from '../../storage/users.js';

const minutes = z.number().int().positive().max(10_000_000);
const count = z.number().int().positive().max(1_000_000_000);

/** The body of Sentry's "Update an Issue" and "Bulk Mutate a List of Issues". */
export const updateBody = z.object({
  status: z
    .enum(['resolved', 'resolvedInNextRelease', 'unresolved', 'ignored'], {
      message: 'status must be resolved, resolvedInNextRelease, unresolved or ignored',
    })
    .optional(),
  statusDetails: z
    .object({
      inRelease: z.string().min(1).max(250).optional(),
      inNextRelease: z.boolean().optional(),
      inCommit: z.unknown().optional(),
      ignoreDuration: minutes.optional(),
      ignoreCount: count.optional(),
      ignoreWindow: minutes.optional(),
      ignoreUserCount: count.optional(),
      ignoreUserWindow: minutes.optional(),
    })
    .optional(),
  assignedTo: z.string().max(320).nullable().optional(),
  hasSeen: z.boolean().optional(),
  isBookmarked: z.boolean().optional(),
  // Accepted for compatibility; Faultline has no subscriptions or public sharing.
  isSubscribed: z.boolean().optional(),
  isPublic: z.literal(false, { message: 'public issues are not supported' }).optional(),
  merge: z.union([z.literal(1), z.literal(true), z.literal('1')]).optional(),
});
export type UpdateBody = z.output<typeof updateBody>;

type StatusRequest = NonNullable<UpdateBody['status']>;
type Db = Kysely<Schema> | Transaction<Schema>;

/** What the request asks the status to become; Sentry infers it from statusDetails alone too. */
export function requestedStatus(body: UpdateBody): StatusRequest | undefined {
  if (body.statusDetails?.inCommit !== undefined) {
    throw new ValidationError('statusDetails.inCommit is not supported: Faultline does not track commits');
  }
  if (body.status) return body.status;
  const d = body.statusDetails;
  if (!d) return undefined;
  if (d.inNextRelease) return 'resolvedInNextRelease';
  if (d.inRelease !== undefined) return 'resolved';
  if (d.ignoreDuration ?? d.ignoreCount ?? d.ignoreUserCount) return 'ignored';
  return undefined;
}

/** The newest of a project's releases (semver order, else first seen), or undefined when it has none. */
export async function newestRelease(db: Db, projectId: number): Promise<string | undefined> {
  const releases = await listReleases(db, projectId);
  const seen = new Map(releases.map((r) => [r.version, r.firstSeen]));
  let newest: string | undefined;
  for (const r of releases) {
    if (newest === undefined) newest = r.version;
    else {
      const c = compareReleases(r.version, newest, (v) => seen.get(v));
      // Unorderable names (equal to compareReleases) fall back to the later first sighting.
      if (c > 0 || (c === 0 && r.firstSeen > (seen.get(newest) ?? 0))) newest = r.version;
    }
  }
  return newest;
}

/** Status, substatus and details stored for one issue, with the `statusDetails` Sentry answers. */
export interface StatusPlan {
  status: IssueStatus;
  substatus: IssueSubstatus;
  details: StatusDetails & { ignoreWindow?: number; ignoreUserWindow?: number; ignoreDuration?: number };
}

/**
 * Turns a status request into what is stored, in the StatusDetails the digest reads
 * (src/processing/issue-status.ts). Ignore-until-N counts from the issue's counters now (its
 * baselines); `ignoreWindow` and `ignoreUserWindow` are kept and shown, but the count is since the
 * ignore, not per window — the digest keeps no per-window rates.
 */
export async function planStatus(
  db: Db,
  issue: IssueRecord,
  status: StatusRequest,
  body: UpdateBody,
  now: number,
): Promise<StatusPlan> {
  const d = body.statusDetails ?? {};
  if (status === 'unresolved') return { status: 'unresolved', substatus: 'ongoing', details: {} };
  if (status === 'resolvedInNextRelease' || (status === 'resolved' && d.inNextRelease)) {
    const current = await newestRelease(db, issue.projectId);
    return {
      status: 'resolved',
      substatus: 'ongoing',
      details: { inNextRelease: true, ...(current !== undefined ? { currentRelease: current } : {}) },
    };
  }
  if (status === 'resolved') {
    if (d.inRelease === undefined) return { status: 'resolved', substatus: 'ongoing', details: {} };
    const version = d.inRelease === 'latest' ? await newestRelease(db, issue.projectId) : d.inRelease;
    if (version === undefined)
      throw new ValidationError('inRelease "latest": the project has no release yet');
    return { status: 'resolved', substatus: 'ongoing', details: { inRelease: version } };
  }
  const details: StatusPlan['details'] = {};
  if (d.ignoreDuration !== undefined) {
    details.ignoreDuration = d.ignoreDuration;
    details.ignoreUntil = now + d.ignoreDuration * 60;
  }
  if (d.ignoreCount !== undefined) {
    details.ignoreCount = d.ignoreCount;
    details.baselineTimesSeen = issue.timesSeen;
    if (d.ignoreWindow !== undefined) details.ignoreWindow = d.ignoreWindow;
  }
  if (d.ignoreUserCount !== undefined) {
    details.ignoreUserCount = d.ignoreUserCount;
    details.baselineUserCount = issue.userCount;
    if (d.ignoreUserWindow !== undefined) details.ignoreUserWindow = d.ignoreUserWindow;
  }
  const conditional = Object.keys(details).length > 0;
  return {
    status: 'ignored',
    substatus: conditional ? 'archived_until_condition_met' : 'archived_forever',
    details,
  };
}

/** Stores a plan on an issue. */
export async function applyStatus(db: Db, issueId: number, plan: StatusPlan, now: number): Promise<void> {
  await setIssueStatus(
    db,
    issueId,
    plan.status,
    plan.substatus,
    plan.details as Record<string, unknown>,
    now,
  );
}

/**
 * `assignedTo` → the stored assignee (`user:<id>`) or null. Accepts a user id, `user:<id>`, an email
 * (Sentry's "username") or `me`; the user must be a member of the organization.
 */
export async function resolveAssignee(
  db: Db,
  organizationId: number,
  principal: Principal,
  assignedTo: string | null,
): Promise<string | null> {
  if (assignedTo === null || assignedTo === '') return null;
  if (assignedTo.startsWith('team:')) throw new ValidationError('assigning issues to teams is not supported');
  const m = /^(?:user:)?(\d+)$/.exec(assignedTo);
  const ref =
    assignedTo === 'me' ? { id: principal.userId } : m ? { id: Number(m[1]) } : { email: assignedTo };
  const user = await findAssignableUser(db, organizationId, ref);
  if (!user) throw new ValidationError(`cannot assign to "${assignedTo}": not a member of the organization`);
  return `user:${user.id}`;
}

/** Applies the flag fields of an update body (seen, bookmark, assignee) to some issues. */
export async function applyFlags(
  db: Db,
  issueIds: number[],
  body: UpdateBody,
  assignee: string | null | undefined,
): Promise<void> {
  await setIssueFlags(db, issueIds, {
    ...(body.hasSeen !== undefined ? { hasSeen: body.hasSeen } : {}),
    ...(body.isBookmarked !== undefined ? { isBookmarked: body.isBookmarked } : {}),
    ...(assignee !== undefined ? { assignedTo: assignee } : {}),
  });
}
