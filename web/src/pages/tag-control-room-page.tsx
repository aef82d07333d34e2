import { useEffect } from 'react';
import { endpoints } from '../api/client';
import type { TagAlert, TagControlRoom } from '../api/types';
import { useApi, useRefresh } from '../api/use-api';
import { CodeBlock } from '../components/code-block';
import { Link } from '../components/link';
import { SkeletonRows } from '../components/skeleton-rows';
import { AlertTable } from '../components/tags/alert-table';
import { HealthBadge } from '../components/tags/health-badge';
import { formatDateTime, fullNumber, percent, timeAgo } from '../format';
import { paths } from '../router';

type SiteRow = TagControlRoom['sites'][number];

function WorstTag({ org, row }: { org: string; row: SiteRow }) {
  const t = row.worst_tag;
  if (!t) return <span className="muted">—</span>;
  // The lowest success rate of the last hour; whether it breaks a rule is the status column's to say.
  return (
    <span className="worst-tag">
      <Link href={paths.tagDetail(org, row.site_slug, t.tag_name, 1)}>{t.tag_name}</Link>{' '}
      <span className="muted" title={`${fullNumber(t.total_executions)} executions in the last hour`}>
        {percent(t.success_rate)} success
      </span>
    </span>
  );
}

function NoSites({ org }: { org: string }) {
  const origin = window.location.origin;
  return (
    <div className="card empty-card tag-empty">
      <h2>No tag-monitoring sites yet</h2>
      <p className="muted">
        A site watches the tags of one server-side Google Tag Manager container. Create one with an API token
        that has <code>project:write</code>; the answer holds its ingest key, shown once:
      </p>
      <CodeBlock
        code={`curl -X POST ${origin}/api/0/organizations/${org}/tag-sites/ \\\n  -H "Authorization: Bearer $FAULTLINE_TOKEN" -H "Content-Type: application/json" \\\n  -d '{"name": "Shop"}'`}
      />
      <p className="muted">
        Then point the Probr listener tag of the container at <code>{origin}/api/ingest</code> with that key.
      </p>
    </div>
  );
}

/** Every tag-monitoring site of the organization at a glance: health, traffic, worst tag, alerts. */
export function TagControlRoomPage({ org }: { org: string }) {
  const url = endpoints.tagControlRoom(org);
  const room = useApi<TagControlRoom>(url);
  useRefresh(30_000, url);
  useEffect(() => {
    document.title = 'Tag monitoring · Faultline';
  }, []);

  const data = room.data;
  const bySite = new Map(data?.sites.map((s) => [s.site_id, s]));
  const recent: TagAlert[] | undefined = data?.recent_alerts.map((a) => ({
    ...a,
    site_slug: bySite.get(a.site_id)?.site_slug ?? null,
    site_name: bySite.get(a.site_id)?.site_name ?? null,
  }));

  return (
    <div className="page tag-page">
      <div className="page-header">
        <h1 className="page-title">
          Tag monitoring
          {data && <span className="page-count">{fullNumber(data.total_sites)} sites</span>}
        </h1>
        {data && data.total_sites > 0 && (
          <dl className="health-summary" aria-label="Sites by status">
            <div>
              <dt>OK</dt>
              <dd className="tone-good">{data.total_ok}</dd>
            </div>
            <div>
              <dt>Warning</dt>
              <dd className={data.total_warning > 0 ? 'tone-warn' : undefined}>{data.total_warning}</dd>
            </div>
            <div>
              <dt>Critical</dt>
              <dd className={data.total_critical > 0 ? 'tone-danger' : undefined}>{data.total_critical}</dd>
            </div>
          </dl>
        )}
      </div>
      {room.error && (
        <div className="banner banner-error" role="alert">
          {room.error.detail}
        </div>
      )}
      {data && data.sites.length === 0 ? (
        <NoSites org={org} />
      ) : (
        <div className="card table-card">
          <table className="table control-room" aria-label="Sites">
            <thead>
              <tr>
                <th scope="col">Site</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Events, last hour
                </th>
                <th scope="col">Worst tag</th>
                <th scope="col" className="num">
                  Open alerts
                </th>
                <th scope="col" className="hide-narrow">
                  Last seen
                </th>
                <th scope="col" className="hide-narrow">
                  Probe
                </th>
              </tr>
            </thead>
            <tbody>
              {!data ? (
                <SkeletonRows rows={3} columns={7} height={16} />
              ) : (
                data.sites.map((s) => (
                  <tr key={s.site_id} data-site={s.site_slug}>
                    <td>
                      <Link className="site-link" href={paths.tagSite(org, s.site_slug)}>
                        {s.site_name}
                      </Link>
                      {!s.enabled && <span className="status-chip status-ignored">disabled</span>}
                      <div className="muted small">{s.site_slug}</div>
                    </td>
                    <td>
                      <HealthBadge status={s.overall_status} />
                    </td>
                    <td className="num">{fullNumber(s.events_last_hour)}</td>
                    <td>
                      <WorstTag org={org} row={s} />
                    </td>
                    <td className="num">
                      {s.active_alerts > 0 ? (
                        <Link href={paths.tagAlerts(org, s.site_slug, 'open')}>{s.active_alerts}</Link>
                      ) : (
                        <span className="muted">0</span>
                      )}
                    </td>
                    <td className="hide-narrow" title={formatDateTime(s.last_seen)}>
                      {s.last_seen ? timeAgo(s.last_seen) : <span className="muted">no data</span>}
                    </td>
                    <td className="hide-narrow">
                      {s.probe ? (
                        <span title={s.probe.message}>
                          <span className={`probe probe-${s.probe.status}`}>{s.probe.status}</span>
                          {s.probe.response_time_ms !== null && (
                            <span className="muted small"> {fullNumber(s.probe.response_time_ms)} ms</span>
                          )}
                        </span>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))
              )}
            </tbody>
          </table>
        </div>
      )}
      {(!data || data.sites.length > 0) && (
        <section className="tag-block" aria-labelledby="recent-alerts">
          <header className="block-header">
            <h2 id="recent-alerts">Recent alerts</h2>
            <Link href={paths.tagAlerts(org)}>All alerts</Link>
          </header>
          <AlertTable
            org={org}
            alerts={recent}
            showSite
            label="Recent alerts"
            empty="No alerts yet: every rule has held."
          />
        </section>
      )}
    </div>
  );
}
