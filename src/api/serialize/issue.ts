import type { IssueRecord } from '../../storage/issues.js';
import type { Series } from '../../storage/event-stats.js';
import type { UserRef } from '../../storage/issue-triage.js';
import type { IssueStatus } from '../../storage/schema.js';
import { iso } from './organization.js';

/** The project fields an issue shows, and what its links are built from. */
export interface IssueProject {
  id: number;
  slug: string;
  name: string;
  platform: string | null;
  organizationSlug: string;
}

/**
 * Sentry's short id, `SHOP-1A`: the project slug upper-cased and a number in base 36. Sentry numbers
 * issues per project; ours is the issue id, which is unique and never reused.
 */
export function shortIdOf(projectSlug: string, issueId: number): string {
  return `${projectSlug.toUpperCase()}-${issueId.toString(36).toUpperCase()}`;
}

/** `SHOP-1A` → project slug and issue id; undefined when it is not a short id. */
export function parseShortId(value: string): { projectSlug: string; issueId: number } | undefined {
  const m = /^(.+)-([0-9A-Za-z]+)$/.exec(value);
  if (!m) return undefined;
  const id = parseInt(m[2]!, 36);
  return Number.isSafeInteger(id) && id > 0 ? { projectSlug: m[1]!.toLowerCase(), issueId: id } : undefined;
}

/** `user:12` as stored in issues.assigned_to → 12. */
export function assigneeUserId(assignedTo: string | null): number | undefined {
  const m = assignedTo === null ? null : /^user:(\d+)$/.exec(assignedTo);
  return m ? Number(m[1]) : undefined;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * The public statusDetails: what a resolve or ignore asked for (Sentry's names and shapes), without
 * the baselines and release bookkeeping the digest keeps beside them.
 */
export function publicStatusDetails(
  status: IssueStatus,
  d: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (status === 'resolved') {
    if (typeof d.inRelease === 'string') out.inRelease = d.inRelease;
    if (d.inNextRelease === true) out.inNextRelease = true;
  } else if (status === 'ignored') {
    const until = num(d.ignoreUntil);
    if (until !== undefined) out.ignoreUntil = iso(until);
    for (const k of [
      'ignoreCount',
      'ignoreWindow',
      'ignoreUserCount',
      'ignoreUserWindow',
      'ignoreDuration',
    ]) {
      const v = num(d[k]);
      if (v !== undefined) out[k] = v;
    }
  }
  return out;
}

/** Sentry derives a priority from the level when nothing else sets it. */
function priorityOf(level: string): 'high' | 'medium' | 'low' {
  if (level === 'fatal' || level === 'error') return 'high';
  return level === 'warning' ? 'medium' : 'low';
}

/** An issue (Sentry's "group") in the shape of Sentry's issue endpoints. */
export function serializeIssue(
  issue: IssueRecord,
  ctx: {
    project: IssueProject;
    publicUrl: string;
    assignee?: UserRef | undefined;
    /** Event counts per period (`24h`, `14d` …), when asked for. */
    stats?: Record<string, Series> | undefined;
  },
) {
  const { project } = ctx;
  const release = (version: string | null) => (version === null ? null : { version, shortVersion: version });
  return {
    id: String(issue.id),
    shareId: null,
    shortId: shortIdOf(project.slug, issue.id),
    title: issue.title,
    culprit: issue.culprit,
    permalink: `${ctx.publicUrl}/organizations/${project.organizationSlug}/issues/${issue.id}/`,
    logger: null,
    level: issue.level,
    status: issue.status,
    // Sentry has no substatus for resolved issues.
    substatus: issue.status === 'resolved' ? null : issue.substatus,
    statusDetails: publicStatusDetails(issue.status, issue.statusDetails),
    priority: priorityOf(issue.level),
    isPublic: false,
    platform: issue.platform,
    project: { id: String(project.id), name: project.name, slug: project.slug, platform: project.platform },
    type: issue.type,
    issueType: 'error',
    issueCategory: 'error',
    metadata: issue.metadata,
    numComments: 0,
    assignedTo: ctx.assignee
      ? { type: 'user', id: String(ctx.assignee.id), name: ctx.assignee.email, email: ctx.assignee.email }
      : null,
    isBookmarked: issue.isBookmarked,
    isSubscribed: false,
    subscriptionDetails: null,
    hasSeen: issue.hasSeen,
    annotations: [],
    count: String(issue.timesSeen),
    userCount: issue.userCount,
    firstSeen: iso(issue.firstSeen),
    lastSeen: iso(issue.lastSeen),
    firstRelease: release(issue.firstRelease),
    lastRelease: release(issue.lastRelease),
    ...(ctx.stats ? { stats: ctx.stats } : {}),
  };
}
