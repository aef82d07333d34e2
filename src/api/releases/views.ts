import type { Kysely } from 'kysely';
import {
  countNewIssues,
  listDeploys,
  listReleaseProjects,
  releaseEventRange,
  type ReleaseRecord,
} from '../../storage/releases.js';
import type { Schema } from '../../storage/schema.js';
import type { ReleaseView } from '../serialize/release.js';

/**
 * Gathers what the serializer shows for a batch of releases in a few queries. With `projectId`
 * (the project-level endpoints) new issues and first/last event count that project only.
 */
export async function buildReleaseViews(
  db: Kysely<Schema>,
  organizationId: number,
  releases: ReleaseRecord[],
  projectId?: number,
): Promise<ReleaseView[]> {
  const versions = releases.map((r) => r.version);
  const projects = await listReleaseProjects(db, organizationId, versions);
  const allIds = [...new Set([...projects.values()].flat().map((p) => p.id))];
  const counted = projectId === undefined ? allIds : [projectId];
  const newIssues = await countNewIssues(db, allIds, versions);
  const ranges = await releaseEventRange(db, counted, versions);
  const deploys = await listDeploys(db, organizationId, versions);
  return releases.map((release) => {
    const withCounts = (projects.get(release.version) ?? []).map((p) => ({
      ...p,
      newGroups: newIssues.get(`${p.id}\u0000${release.version}`) ?? 0,
    }));
    const range = ranges.get(release.version);
    return {
      release,
      projects: withCounts,
      newGroups: withCounts.filter((p) => counted.includes(p.id)).reduce((sum, p) => sum + p.newGroups, 0),
      firstEvent: range?.first ?? null,
      lastEvent: range?.last ?? null,
      deploys: deploys.get(release.version) ?? [],
    };
  });
}
