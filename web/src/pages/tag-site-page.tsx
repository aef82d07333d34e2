import { useEffect } from 'react';
import { endpoints } from '../api/client';
import type { TagAlert, TagBucket, TagOverview, TagSite, TagStats, TagThresholds } from '../api/types';
import { useApi, useRefresh } from '../api/use-api';
import { CodeBlock } from '../components/code-block';
import { EventChart } from '../components/event-chart';
import { Link } from '../components/link';
import { PageSkeleton } from '../components/page-skeleton';
import { Section } from '../components/section';
import { Sparkline } from '../components/sparkline';
import { AlertTable } from '../components/tags/alert-table';
import { DataQuality } from '../components/tags/data-quality';
import { HealthBadge } from '../components/tags/health-badge';
import { SiteNav, TagCrumbs } from '../components/tags/site-nav';
import { StatsSkeleton } from '../components/tags/stats-skeleton';
import { TagFailuresChart } from '../components/tags/tag-failures-chart';
import { WindowSelect } from '../components/tags/window-select';
import { formatDateTime, fullNumber, percent, timeAgo } from '../format';
import { paths, queryString, useLocation } from '../router';
import { binBuckets, binLabel, bucketLimit, seriesOf, tagFailureSeries, type Bin } from '../tag-series';
import { execTone, successTone } from '../tag-rules';
import { hoursParam, readHours } from '../tag-window';

function Stat({
  id,
  label,
  children,
  title,
}: {
  id: string;
  label: string;
  children: string;
  title?: string;
}) {
  return (
    <div className="stat" data-stat={id}>
      <dt>{label}</dt>
      <dd title={title}>{children}</dd>
    </div>
  );
}

function Trend({ pct, count }: { pct: number | null; count: number }) {
  if (pct === null)
    return count > 0 ? (
      <span className="trend" title="None in the period before">
        new
      </span>
    ) : (
      <span className="muted">—</span>
    );
  if (pct === 0) return <span className="trend">±0%</span>;
  return (
    <span className={`trend ${pct > 0 ? 'trend-up' : 'trend-down'}`} title="Against the period before">
      {pct > 0 ? '▲' : '▼'} {percent(Math.abs(pct))}
    </span>
  );
}

/** A count, with zero muted so the counts that matter stand out. */
function Count({ n }: { n: number }) {
  return n > 0 ? fullNumber(n) : <span className="muted">0</span>;
}

function TagTable({
  org,
  site,
  tags,
  thresholds,
  failures,
  hours,
}: {
  org: string;
  site: string;
  tags: TagStats[];
  thresholds: TagThresholds;
  failures: Map<string, [number, number][]>;
  hours: number;
}) {
  // Worst first: the tag that needs attention is at the top.
  const rows = [...tags].sort(
    (a, b) => a.success_rate - b.success_rate || a.tag_name.localeCompare(b.tag_name),
  );
  return (
    <div className="table-card">
      <table className="table tag-table" aria-label="Tags">
        <thead>
          <tr>
            <th scope="col">Tag</th>
            <th scope="col" className="num">
              Executions
            </th>
            <th scope="col" className="num">
              Success rate
            </th>
            <th scope="col" className="num">
              Failures
            </th>
            <th scope="col" className="num hide-narrow">
              Timeouts
            </th>
            <th scope="col" className="num hide-narrow">
              Exceptions
            </th>
            <th scope="col" className="num">
              Avg time
            </th>
            <th scope="col" className="hide-narrow">
              Failures over time
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => {
            const tone = successTone(t.success_rate, t.total_executions, thresholds);
            const slow = execTone(t.avg_execution_time_ms, t.total_executions, thresholds);
            return (
              <tr key={t.tag_name} data-tag={t.tag_name}>
                <td>
                  <Link className="tag-name" href={paths.tagDetail(org, site, t.tag_name, hoursParam(hours))}>
                    {t.tag_name}
                  </Link>
                </td>
                <td className="num">{fullNumber(t.total_executions)}</td>
                <td className="num" data-col="success-rate">
                  <span className={`rate${tone ? ` tone-${tone}` : ''}`}>{percent(t.success_rate)}</span>
                </td>
                <td className="num" data-col="failures">
                  <Count n={t.failure_count} />
                </td>
                <td className="num hide-narrow">
                  <Count n={t.timeout_count} />
                </td>
                <td className="num hide-narrow">
                  <Count n={t.exception_count} />
                </td>
                <td className="num" data-col="avg-time">
                  <span className={slow ? `rate tone-${slow}` : undefined}>
                    {fullNumber(t.avg_execution_time_ms)} ms
                  </span>
                </td>
                <td className="hide-narrow sparkline-cell">
                  <Sparkline series={failures.get(t.tag_name)} label={`Failures of ${t.tag_name}`} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function NoData({ site, hours, org }: { site: TagSite; hours: number; org: string }) {
  const origin = window.location.origin;
  const example = JSON.stringify({
    container_id: 'GTM-XXXXXXX',
    event_name: 'page_view',
    timestamp_ms: 1_700_000_000_000,
    tags: [{ id: '1', name: 'GA4', status: 'success', execution_time: 120 }],
  });
  return (
    <div className="card empty-card tag-empty" role="status">
      <h2>No data in the last {hours === 1 ? 'hour' : `${hours} hours`}</h2>
      <p className="muted">
        Point the Probr listener tag of your server-side container at <code>{origin}/api/ingest</code> with
        this site’s ingest key (it starts with <code>{site.ingest_key_prefix}</code>). Payloads show here
        within seconds. To try it by hand:
      </p>
      <CodeBlock
        code={`curl -X POST ${origin}/api/ingest \\\n  -H "X-Faultline-Key: $INGEST_KEY" -H "Content-Type: application/json" \\\n  -d '${example}'`}
      />
      {hours < 24 && (
        <Link className="btn" href={paths.tagSite(org, site.slug)}>
          Look at the last 24 hours
        </Link>
      )}
    </div>
  );
}

function totalsOf(tags: TagStats[]) {
  let executions = 0;
  let success = 0;
  let failures = 0;
  for (const t of tags) {
    executions += t.total_executions;
    success += t.success_count;
    failures += t.failure_count;
  }
  return { executions, success, failures, rate: executions > 0 ? (success / executions) * 100 : null };
}

/** One site: traffic and tag failures over time, events by name, per-tag health, data quality, alerts. */
export function TagSitePage({ org, site }: { org: string; site: string }) {
  const loc = useLocation();
  const hours = readHours(loc.search);
  const siteInfo = useApi<TagSite>(endpoints.tagSite(org, site));
  const overview = useApi<TagOverview>(endpoints.tagOverview(org, site) + queryString({ hours }));
  const buckets = useApi<TagBucket[]>(
    endpoints.tagBuckets(org, site) + queryString({ hours, limit: bucketLimit(hours) }),
  );
  const open = useApi<TagAlert[]>(endpoints.tagSiteAlerts(org, site) + queryString({ status: 'open' }));
  useRefresh(60_000, endpoints.tagSite(org, site));

  const s = siteInfo.data;
  const o = overview.data;
  useEffect(() => {
    document.title = `${s?.name ?? site} · Tag monitoring · Faultline`;
  }, [s?.name, site]);

  const error = siteInfo.error ?? overview.error;
  if (error) {
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">
            {error.status === 404 ? 'Site not found' : 'Could not load the site'}
          </h1>
          <p className="muted">
            {error.status === 404
              ? `There is no tag-monitoring site “${site}” in this organization, or you cannot see it.`
              : error.detail}
          </p>
          <Link className="btn" href={paths.tagControlRoom(org)}>
            Back to tag monitoring
          </Link>
        </div>
      </div>
    );
  }
  if (!s) return <PageSkeleton route={{ name: 'tagSite', org, site }} />;

  const now = Date.now();
  const bins: Bin[] | undefined = buckets.data && binBuckets(buckets.data, hours, now);
  const failures = buckets.data ? tagFailureSeries(buckets.data, hours, now) : new Map();
  const totals = o ? totalsOf(o.tags) : undefined;
  const empty = o && o.total_events === 0 && o.tags.length === 0;
  const per = binLabel(hours);
  const openAlerts = open.data?.map((a) => ({ ...a, site_slug: s.slug, site_name: s.name }));

  return (
    <div className="page tag-page">
      <TagCrumbs org={org} here={s.name} />
      <header className="tag-header">
        <div className="tag-header-main">
          <h1 className="page-title">
            {s.name}
            {o && <HealthBadge status={o.status} />}
            {!s.enabled && <span className="status-chip status-ignored">disabled</span>}
          </h1>
          <p className="tag-sub muted">
            {o?.container_id && <code>{o.container_id}</code>}
            <span>
              ingest key <code>{s.ingest_key_prefix}…</code>
            </span>
          </p>
        </div>
        <WindowSelect hours={hours} hrefFor={(h) => paths.tagSite(org, site, hoursParam(h))} />
      </header>
      <SiteNav
        org={org}
        site={site}
        current="overview"
        openAlerts={o?.open_alerts}
        hours={hoursParam(hours)}
      />

      {!o || !totals ? (
        <StatsSkeleton label="Loading the overview" />
      ) : empty ? (
        <NoData site={s} hours={hours} org={org} />
      ) : (
        <>
          <dl className="stat-grid" aria-label="Totals">
            <Stat id="events" label="Events">
              {fullNumber(o.total_events)}
            </Stat>
            <Stat id="executions" label="Tag executions">
              {fullNumber(totals.executions)}
            </Stat>
            <Stat id="success-rate" label="Tag success rate">
              {percent(totals.rate)}
            </Stat>
            <Stat id="failures" label="Tag failures">
              {fullNumber(totals.failures)}
            </Stat>
            <Stat id="open-alerts" label="Open alerts">
              {fullNumber(o.open_alerts)}
            </Stat>
            <Stat id="last-seen" label="Last seen" title={formatDateTime(o.last_seen)}>
              {timeAgo(o.last_seen)}
            </Stat>
          </dl>

          <div className="tag-grid">
            <Section id="events-chart" title={`Events per ${per}`}>
              <EventChart series={bins && seriesOf(bins, (b) => b.events)} hourly per={per} unit="events" />
            </Section>
            <Section id="failures-chart" title={`Tag failures per ${per}`}>
              <TagFailuresChart bins={bins} per={per} />
            </Section>
          </div>

          <Section id="tags" title="Tags" className="flush">
            {o.tags.length === 0 ? (
              <p className="muted empty-inline">No tag executions in this window.</p>
            ) : (
              <TagTable
                org={org}
                site={site}
                tags={o.tags}
                thresholds={s.thresholds}
                failures={failures}
                hours={hours}
              />
            )}
          </Section>

          <div className="tag-grid">
            <Section id="events-by-name" title="Events by name" className="flush">
              <div className="table-card">
                <table className="table compact" aria-label="Events by name">
                  <thead>
                    <tr>
                      <th scope="col">Event</th>
                      <th scope="col" className="num">
                        Count
                      </th>
                      <th scope="col" className="hide-narrow">
                        Share
                      </th>
                      <th scope="col" className="num">
                        Trend
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.events.map((e) => (
                      <tr key={e.event_name} data-event={e.event_name}>
                        <td>
                          <code>{e.event_name}</code>
                        </td>
                        <td className="num">{fullNumber(e.total_count)}</td>
                        <td className="hide-narrow share-cell">
                          <span className="share-bar" aria-hidden="true">
                            <span
                              style={{ width: `${(e.total_count / Math.max(1, o.total_events)) * 100}%` }}
                            />
                          </span>
                        </td>
                        <td className="num">
                          <Trend pct={e.trend_pct} count={e.total_count} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Section>
            <DataQuality overview={o} thresholds={s.thresholds} hours={hours} />
          </div>

          <section className="tag-block" aria-labelledby="open-alerts">
            <header className="block-header">
              <h2 id="open-alerts">Open alerts</h2>
              <Link href={paths.tagAlerts(org, site)}>All alerts of this site</Link>
            </header>
            <AlertTable
              org={org}
              alerts={openAlerts}
              showSite={false}
              label="Open alerts"
              empty="No open alerts: every rule holds."
            />
          </section>
        </>
      )}
    </div>
  );
}
