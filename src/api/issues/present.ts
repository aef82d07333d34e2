import { issueEventSeries, type Series } from '../../storage/event-stats.js';
import type { IssueRecord } from '../../storage/issues.js';
import { findUsersByIds } from '../../storage/issue-triage.js';
import { getProjectById, type ProjectRow } from '../../storage/projects.js';
import type { ApiDeps } from '../deps.js';
import { assigneeUserId, serializeIssue } from '../serialize/issue.js';

/** The stats periods of Sentry's issue endpoints: hourly over a day, daily over two weeks or a month. */
export const STATS_PERIODS = {
  '24h': { buckets: 24, resolution: 3600 },
  '14d': { buckets: 14, resolution: 86400 },
  '30d': { buckets: 30, resolution: 86400 },
} as const;
export type StatsPeriod = keyof typeof STATS_PERIODS;

/** Event counts of each issue for each period, ending with the bucket that holds `now`. */
async function statsFor(
  deps: ApiDeps,
  issueIds: number[],
  periods: StatsPeriod[],
  now: number,
): Promise<Map<number, Record<string, Series>>> {
  const out = new Map<number, Record<string, Series>>(issueIds.map((id) => [id, {}]));
  for (const period of periods) {
    const { buckets, resolution } = STATS_PERIODS[period];
    const series = await issueEventSeries(
      deps.db,
      issueIds,
      now - (buckets - 1) * resolution,
      now,
      resolution,
    );
    for (const [id, s] of series) out.get(id)![period] = s;
  }
  return out;
}

/** Issues in Sentry's shape, with their projects, assignees and (when asked) stats loaded in a few queries. */
export async function presentIssues(
  deps: ApiDeps,
  issues: IssueRecord[],
  opts: { statsPeriods?: StatsPeriod[]; projects?: ProjectRow[] } = {},
) {
  const projects = new Map((opts.projects ?? []).map((p) => [p.id, p]));
  for (const id of new Set(issues.map((i) => i.projectId))) {
    if (!projects.has(id)) {
      const p = await getProjectById(deps.db, id);
      if (p) projects.set(id, p);
    }
  }
  const assigneeIds = issues
    .map((i) => assigneeUserId(i.assignedTo))
    .filter((v): v is number => v !== undefined);
  const users = await findUsersByIds(deps.db, [...new Set(assigneeIds)]);
  const periods = opts.statsPeriods ?? [];
  const stats =
    periods.length > 0
      ? await statsFor(
          deps,
          issues.map((i) => i.id),
          periods,
          Date.now() / 1000,
        )
      : undefined;
  return issues.map((issue) => {
    const project = projects.get(issue.projectId)!;
    const userId = assigneeUserId(issue.assignedTo);
    return serializeIssue(issue, {
      project,
      publicUrl: deps.publicUrl,
      assignee: userId === undefined ? undefined : users.get(userId),
      stats: stats?.get(issue.id),
    });
  });
}
