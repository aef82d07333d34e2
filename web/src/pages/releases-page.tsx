import { useEffect } from 'react';
import { endpoints, parseLinks } from '../api/client';
import type { Release, ReleaseHealth, ReleaseHealthReport } from '../api/types';
import { useApi } from '../api/use-api';
import { CrashFree } from '../components/crash-free';
import { Link } from '../components/link';
import { Skeleton } from '../components/skeleton';
import { formatDateTime, fullNumber, timeAgo } from '../format';
import { rememberProject, useCurrentProject } from '../project-context';
import { navigate, paths, queryString, useLocation } from '../router';
import { quoteValue } from '../search-suggestions';

/** A project's releases, newest first: new issues per release and, with sessions, crash-free rates. */
export function ReleasesPage({ org }: { org: string }) {
  const loc = useLocation();
  const current = useCurrentProject(org);
  const slug = current.project?.slug;
  const cursor = new URLSearchParams(loc.search).get('cursor') ?? '';
  const list = useApi<Release[]>(
    slug ? endpoints.projectReleases(org, slug) + queryString({ per_page: 50, cursor }) : null,
  );
  const links = parseLinks(list.headers?.get('link') ?? null);
  const health = useApi<ReleaseHealthReport>(
    slug ? endpoints.releaseHealth(org, slug) + queryString({ days: 30 }) : null,
  );
  const byRelease = new Map<string, ReleaseHealth>();
  for (const h of health.data?.releases ?? []) if (h.release !== null) byRelease.set(h.release, h);

  useEffect(() => {
    if (slug) rememberProject(org, slug);
    document.title = `Releases · ${current.project?.name ?? org} · Faultline`;
  }, [slug, org, current.project?.name]);

  const releases = list.data;
  const hasHealth = byRelease.size > 0;
  const total = health.data?.total;

  return (
    <div className="page">
      <div className="page-header">
        <h1 className="page-title">Releases</h1>
        {total && total.sessions.total > 0 && (
          <dl className="health-summary" aria-label={`Last ${health.data?.days ?? 30} days, all releases`}>
            <div>
              <dt>Crash-free users</dt>
              <dd>
                <CrashFree value={total.crashFreeUsers} total={total.users.total} what="users" />
              </dd>
            </div>
            <div>
              <dt>Crash-free sessions</dt>
              <dd>
                <CrashFree value={total.crashFreeSessions} total={total.sessions.total} what="sessions" />
              </dd>
            </div>
            <div>
              <dt>Sessions</dt>
              <dd>{fullNumber(total.sessions.total)}</dd>
            </div>
          </dl>
        )}
      </div>
      {list.error && (
        <div className="banner banner-error" role="alert">
          {list.error.detail}
        </div>
      )}
      <div className="card table-card">
        <table className="table releases-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="num">
                New issues
              </th>
              <th scope="col">Crash-free users</th>
              <th scope="col" className="hide-narrow">
                Crash-free sessions
              </th>
              <th scope="col" className="hide-narrow">
                Last event
              </th>
              <th scope="col" className="hide-narrow">
                Deployed
              </th>
            </tr>
          </thead>
          <tbody>
            {!releases
              ? Array.from({ length: 6 }, (_, i) => (
                  <tr key={i} aria-hidden="true">
                    <td>
                      <Skeleton width={140} height={13} />
                      <Skeleton width={90} height={10} style={{ marginTop: 6 }} />
                    </td>
                    <td className="num">
                      <Skeleton width={24} height={13} />
                    </td>
                    <td>
                      <Skeleton width={90} height={13} />
                    </td>
                    <td className="hide-narrow">
                      <Skeleton width={90} height={13} />
                    </td>
                    <td className="hide-narrow">
                      <Skeleton width={60} height={13} />
                    </td>
                    <td className="hide-narrow">
                      <Skeleton width={80} height={13} />
                    </td>
                  </tr>
                ))
              : releases.map((r) => {
                  const h = byRelease.get(r.version);
                  const newIssues = slug
                    ? (r.projects.find((p) => p.slug === slug)?.newGroups ?? r.newGroups)
                    : r.newGroups;
                  return (
                    <tr key={r.version}>
                      <td>
                        <div className="release-version">{r.version}</div>
                        <div className="muted small" title={formatDateTime(r.dateCreated)}>
                          created {timeAgo(r.dateCreated)}
                        </div>
                      </td>
                      <td className="num">
                        {newIssues > 0 && slug ? (
                          <Link
                            href={paths.issues(org, {
                              project: slug,
                              status: 'all',
                              query: `firstRelease:${quoteValue(r.version)}`,
                            })}
                            title="Issues first seen in this release"
                          >
                            {fullNumber(newIssues)}
                          </Link>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                      <td>
                        <CrashFree value={h?.crashFreeUsers} total={h?.users.total} what="users" />
                      </td>
                      <td className="hide-narrow">
                        <CrashFree value={h?.crashFreeSessions} total={h?.sessions.total} what="sessions" />
                      </td>
                      <td className="hide-narrow" title={formatDateTime(r.lastEvent)}>
                        {r.lastEvent ? timeAgo(r.lastEvent) : <span className="muted">—</span>}
                      </td>
                      <td className="hide-narrow">
                        {r.lastDeploy ? (
                          <span title={formatDateTime(r.lastDeploy.dateFinished)}>
                            {r.lastDeploy.environment} · {timeAgo(r.lastDeploy.dateFinished)}
                          </span>
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
          </tbody>
        </table>
        {releases && releases.length === 0 && (
          <div className="empty-inline">
            <p>No releases yet.</p>
            <p className="muted small">
              Set <code>release</code> in your SDK’s init (e.g. <code>release: &quot;shop@1.4.0&quot;</code>),
              or create one with <code>sentry-cli releases new</code>.
            </p>
          </div>
        )}
      </div>
      {releases && releases.length > 0 && !hasHealth && (
        <p className="muted small footnote">
          Crash-free rates appear once your SDKs send sessions (release health is on by default in most Sentry
          SDKs).
        </p>
      )}
      {(links.next || cursor) && (
        <nav className="pagination" aria-label="Pages">
          <button
            type="button"
            className="btn btn-small"
            disabled={!cursor}
            onClick={() =>
              navigate(
                `${paths.releases(org, slug)}${links.previous ? `&cursor=${encodeURIComponent(links.previous)}` : ''}`,
              )
            }
          >
            Previous
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!links.next}
            onClick={() =>
              navigate(`${paths.releases(org, slug)}&cursor=${encodeURIComponent(links.next ?? '')}`)
            }
          >
            Next
          </button>
        </nav>
      )}
    </div>
  );
}
