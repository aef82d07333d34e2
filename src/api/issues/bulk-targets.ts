import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { findProjectIssues, matchingIssues } from '../../storage/issue-query.js';
import type { IssueRecord } from '../../storage/issues.js';
import type { ProjectRow } from '../../storage/projects.js';
import type { ApiDeps } from '../deps.js';
import { listSearch, repeated } from './list.js';

/** Sentry's bulk limit: a change without `?id=` applies to at most this many matching issues. */
export const BULK_LIMIT = 1000;

/** `?id=1&id=2` names the issues; without ids, `?query=` (default `is:unresolved`) selects them. */
export const bulkQuery = z.object({
  id: repeated,
  query: z.string().max(2000).optional(),
  environment: repeated,
});
export type BulkQuery = z.output<typeof bulkQuery>;

/** The ids given in `?id=`, validated. */
export function bulkIds(q: BulkQuery): number[] {
  const ids = q.id.map((v) => (/^\d+$/.test(v) ? Number(v) : NaN));
  if (ids.some((id) => !Number.isSafeInteger(id))) throw new ValidationError('id must be issue ids');
  if (ids.length > BULK_LIMIT) throw new ValidationError(`at most ${BULK_LIMIT} ids per request`);
  return [...new Set(ids)];
}

/**
 * The issues a bulk change applies to, within the project: those named by id (ids of other projects
 * are ignored, as Sentry does), else those matching the search.
 */
export async function bulkTargets(deps: ApiDeps, project: ProjectRow, q: BulkQuery): Promise<IssueRecord[]> {
  const ids = bulkIds(q);
  if (ids.length > 0) return findProjectIssues(deps.db, project.id, ids);
  return matchingIssues(
    deps.db,
    { projectIds: [project.id], search: listSearch(q), now: Date.now() / 1000 },
    BULK_LIMIT,
  );
}
