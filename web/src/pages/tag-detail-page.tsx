import { useEffect } from 'react';
import { endpoints } from '../api/client';
import type { TagAlert, TagBucket, TagSite, TagStats, TagThresholds } from '../api/types';
import { useApi, useRefresh } from '../api/use-api';
import { EventChart } from '../components/event-chart';
import { Link } from '../components/link';
import { PageSkeleton } from '../components/page-skeleton';
import { Section } from '../components/section';
import { AlertTable } from '../components/tags/alert-table';
import { LineChart, type Threshold } from '../components/tags/line-chart';
import { TagCrumbs } from '../components/tags/site-nav';
import { StatsSkeleton } from '../components/tags/stats-skeleton';
import { TagFailuresChart } from '../components/tags/tag-failures-chart';
import { WindowSelect } from '../components/tags/window-select';
import { fullNumber, percent } from '../format';
import { paths, queryString, useLocation } from '../router';
import { binBuckets, binLabel, bucketLimit, seriesOf, type Bin } from '../tag-series';
import { execTone, ruleTag, successTone } from '../tag-rules';
import { hoursParam, readHours } from '../tag-window';

const ms = (v: number) => `${fullNumber(v)} ms`;

function successThresholds(t: TagThresholds): Threshold[] {
  const out: Threshold[] = [];
  if (t.failureRateWarning !== null)
    out.push({
      value: 100 - t.failureRateWarning,
      tone: 'warn',
      label: `warning below ${percent(100 - t.failureRateWarning)}`,
    });
  if (t.failureRateCritical !== null)
    out.push({
      value: 100 - t.failureRateCritical,
      tone: 'danger',
      label: `critical below ${percent(100 - t.failureRateCritical)}`,
    });
  return out;
}

function execThresholds(t: TagThresholds): Threshold[] {
  const out: Threshold[] = [];
  if (t.execTimeWarningMs !== null)
    out.push({ value: t.execTimeWarningMs, tone: 'warn', label: `warning from ${ms(t.execTimeWarningMs)}` });
  if (t.execTimeCriticalMs !== null)
    out.push({
      value: t.execTimeCriticalMs,
      tone: 'danger',
      label: `critical from ${ms(t.execTimeCriticalMs)}`,
    });
  return out;
}

/** The success-rate axis: down to just below the lowest rate or the warning line, up to 100 %. */
function successDomain(values: number[], lines: Threshold[]): [number, number] {
  const floor = Math.min(100, ...values, ...lines.filter((l) => l.tone === 'warn').map((l) => l.value));
  return [Math.max(0, Math.floor((floor - 5) / 5) * 5), 100];
}

/** The execution-time axis: from zero to above the slowest bin, and to a threshold that is near. */
function execDomain(values: number[], lines: Threshold[]): [number, number] {
  let hi = Math.max(10, ...values) * 1.15;
  for (const l of lines) if (l.value <= hi * 2) hi = Math.max(hi, l.value * 1.1);
  return [0, Math.ceil(hi)];
}

function Breakdown({ stats }: { stats: TagStats }) {
  const parts = [
    { id: 'success', label: 'Success', count: stats.success_count },
    {
      id: 'failure',
      label: 'Failure',
      count: stats.failure_count - stats.timeout_count - stats.exception_count,
    },
    { id: 'timeout', label: 'Timeout', count: stats.timeout_count },
    { id: 'exception', label: 'Exception', count: stats.exception_count },
  ];
  const total = Math.max(1, stats.total_executions);
  return (
    <>
      <div className="breakdown-bar" aria-hidden="true">
        {parts.map((p) =>
          p.count > 0 ? (
            <span
              key={p.id}
              className={`breakdown-${p.id}`}
              style={{ width: `${(p.count / total) * 100}%` }}
            />
          ) : null,
        )}
      </div>
      <table className="table compact breakdown-table" aria-label="Status breakdown">
        <tbody>
          {parts.map((p) => (
            <tr key={p.id} data-status={p.id}>
              <th scope="row">
                <span className={`breakdown-swatch breakdown-${p.id}`} aria-hidden="true" />
                {p.label}
              </th>
              <td className="num">{fullNumber(p.count)}</td>
              <td className="num muted">{percent((p.count / total) * 100)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** One tag of a site: success rate and execution time over time, its status breakdown and alerts. */
export function TagDetailPage({ org, site, tag }: { org: string; site: string; tag: string }) {
  const loc = useLocation();
  const hours = readHours(loc.search);
  const siteInfo = useApi<TagSite>(endpoints.tagSite(org, site));
  const stats = useApi<TagStats>(endpoints.tagStats(org, site, tag) + queryString({ hours }));
  const buckets = useApi<TagBucket[]>(
    endpoints.tagBuckets(org, site) + queryString({ hours, limit: bucketLimit(hours) }),
  );
  const alerts = useApi<TagAlert[]>(endpoints.tagSiteAlerts(org, site) + queryString({ status: 'all' }));
  useRefresh(60_000, endpoints.tagSite(org, site));

  const s = siteInfo.data;
  useEffect(() => {
    document.title = `${tag} · ${s?.name ?? site} · Faultline`;
  }, [tag, s?.name, site]);

  const period = hours === 1 ? 'the last hour' : `the last ${hours} hours`;
  const header = (
    <>
      <TagCrumbs org={org} site={site} siteName={s?.name} here={tag} />
      <header className="tag-header">
        <div className="tag-header-main">
          <h1 className="page-title tag-title">{tag}</h1>
          <p className="tag-sub muted">
            A tag of {s?.name ?? site}, over {period}
          </p>
        </div>
        <WindowSelect hours={hours} hrefFor={(h) => paths.tagDetail(org, site, tag, hoursParam(h))} />
      </header>
    </>
  );

  if (siteInfo.error || (stats.error && stats.error.status !== 404)) {
    const error = siteInfo.error ?? stats.error!;
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">{error.status === 404 ? 'Site not found' : 'Could not load the tag'}</h1>
          <p className="muted">{error.detail}</p>
          <Link className="btn" href={paths.tagControlRoom(org)}>
            Back to tag monitoring
          </Link>
        </div>
      </div>
    );
  }
  if (!s) return <PageSkeleton route={{ name: 'tagDetail', org, site, tag }} />;

  if (stats.error?.status === 404) {
    return (
      <div className="page tag-page">
        {header}
        <div className="card empty-card tag-empty" role="status">
          <h2>
            No data for “{tag}” in {period}
          </h2>
          <p className="muted">
            The tag did not run in this window, or it runs under another name: tags are counted by the name
            the listener tag reports (or <code>tag_&lt;id&gt;</code> without one).
          </p>
          <div className="empty-actions">
            {hours < 24 && (
              <Link className="btn" href={paths.tagDetail(org, site, tag)}>
                Look at the last 24 hours
              </Link>
            )}
            <Link className="btn" href={paths.tagSite(org, site, hoursParam(hours))}>
              Back to {s.name}
            </Link>
          </div>
        </div>
      </div>
    );
  }

  const t = stats.data;
  const bins: Bin[] | undefined = buckets.data && binBuckets(buckets.data, hours, Date.now(), tag);
  const rates = bins?.map((b) => ({
    t: b.start,
    value: b.executions > 0 ? (b.success / b.executions) * 100 : null,
    note: `${fullNumber(b.executions)} executions`,
  }));
  const times = bins?.map((b) => ({
    t: b.start,
    value: b.executions > 0 ? b.execMs / b.executions : null,
    note: `${fullNumber(b.executions)} executions`,
  }));
  const rateLines = successThresholds(s.thresholds);
  const timeLines = execThresholds(s.thresholds);
  const values = (list: { value: number | null }[] | undefined) =>
    (list ?? []).flatMap((p) => (p.value === null ? [] : [p.value]));
  const tagAlerts = alerts.data
    ?.filter((a) => ruleTag(a.rule_key) === tag)
    .map((a) => ({ ...a, site_slug: s.slug, site_name: s.name }));
  const per = binLabel(hours);
  const tone = t && successTone(t.success_rate, t.total_executions, s.thresholds);
  const slow = t && execTone(t.avg_execution_time_ms, t.total_executions, s.thresholds);

  return (
    <div className="page tag-page">
      {header}
      {!t ? (
        <StatsSkeleton label="Loading the tag" />
      ) : (
        <>
          <dl className="stat-grid" aria-label="Totals">
            <div className="stat" data-stat="executions">
              <dt>Executions</dt>
              <dd>{fullNumber(t.total_executions)}</dd>
            </div>
            <div className="stat" data-stat="success-rate">
              <dt>Success rate</dt>
              <dd className={tone ? `tone-${tone}` : undefined}>{percent(t.success_rate)}</dd>
            </div>
            <div className="stat" data-stat="failures">
              <dt>Failures</dt>
              <dd>{fullNumber(t.failure_count)}</dd>
            </div>
            <div className="stat" data-stat="avg-time">
              <dt>Avg execution time</dt>
              <dd className={slow ? `tone-${slow}` : undefined}>{ms(t.avg_execution_time_ms)}</dd>
            </div>
          </dl>
          <div className="tag-grid">
            <Section id="success-rate" title={`Success rate per ${per}`}>
              <LineChart
                points={rates}
                domain={successDomain(values(rates), rateLines)}
                format={percent}
                thresholds={rateLines}
                label="Success rate"
              />
            </Section>
            <Section id="execution-time" title={`Average execution time per ${per}`}>
              <LineChart
                points={times}
                domain={execDomain(values(times), timeLines)}
                format={ms}
                thresholds={timeLines}
                label="Average execution time"
              />
            </Section>
          </div>
          <div className="tag-grid">
            <Section id="breakdown" title="Status breakdown">
              <Breakdown stats={t} />
            </Section>
            <Section id="executions" title={`Executions and failures per ${per}`}>
              <EventChart
                series={bins && seriesOf(bins, (b) => b.executions)}
                hourly
                per={per}
                unit="executions"
              />
              <div style={{ height: 10 }} />
              <TagFailuresChart bins={bins} per={per} />
            </Section>
          </div>
          <section className="tag-block" aria-labelledby="tag-alerts">
            <header className="block-header">
              <h2 id="tag-alerts">Alerts of this tag</h2>
            </header>
            <AlertTable
              org={org}
              alerts={tagAlerts}
              showSite={false}
              label="Alerts of this tag"
              empty="No alerts for this tag."
            />
          </section>
        </>
      )}
    </div>
  );
}
