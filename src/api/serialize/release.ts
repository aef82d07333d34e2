import type { DeployRecord, ReleaseProject, ReleaseRecord } from '../../storage/releases.js';
import { iso } from './organization.js';

/** Everything the release serializer shows, gathered for one release. */
export interface ReleaseView {
  release: ReleaseRecord;
  projects: (ReleaseProject & { newGroups: number })[];
  /** Issues first seen in this release (within the projects counted). */
  newGroups: number;
  firstEvent: number | null;
  lastEvent: number | null;
  /** Newest finished first. */
  deploys: DeployRecord[];
}

/** A deploy in Sentry's shape. */
export function serializeDeploy(d: DeployRecord) {
  return {
    id: String(d.id),
    environment: d.environment,
    name: d.name,
    url: d.url,
    dateStarted: d.dateStarted === null ? null : iso(d.dateStarted),
    dateFinished: iso(d.dateFinished),
  };
}

/**
 * A release in Sentry's shape (sentry/api/serializers/models/release.py). Commits, authors and
 * health data are not kept: commitCount is 0, authors empty, lastCommit null.
 */
export function serializeRelease(v: ReleaseView) {
  const r = v.release;
  const last = v.deploys[0];
  return {
    version: r.version,
    status: 'open',
    // Sentry sends the version itself here nowadays; the dashboard shortens it for display.
    shortVersion: r.version,
    ref: r.ref,
    url: r.url,
    dateCreated: iso(r.dateCreated),
    dateReleased: r.dateReleased === null ? null : iso(r.dateReleased),
    data: {},
    newGroups: v.newGroups,
    owner: null,
    commitCount: 0,
    lastCommit: null,
    deployCount: v.deploys.length,
    lastDeploy: last ? serializeDeploy(last) : null,
    authors: [],
    projects: v.projects.map((p) => ({
      id: p.id,
      slug: p.slug,
      name: p.name,
      newGroups: p.newGroups,
      platform: p.platform,
      platforms: p.platform ? [p.platform] : [],
      hasHealthData: false,
    })),
    firstEvent: v.firstEvent === null ? null : iso(v.firstEvent),
    lastEvent: v.lastEvent === null ? null : iso(v.lastEvent),
  };
}
