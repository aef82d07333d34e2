import { useEffect, useState } from 'react';
import { ApiError, api, endpoints } from '../api/client';
import type { Event, Issue, TagSummary } from '../api/types';
import { invalidate, peek, prime, useApi } from '../api/use-api';
import { EventChart } from '../components/event-chart';
import { EventNavigation } from '../components/event/event-navigation';
import { EventView } from '../components/event/event-view';
import { IssueActions } from '../components/issue-actions';
import { issueHeadline } from '../components/issue-row';
import { LevelBadge } from '../components/level-badge';
import { Link } from '../components/link';
import { PageSkeleton } from '../components/page-skeleton';
import { Skeleton } from '../components/skeleton';
import { TagDistribution } from '../components/tag-distribution';
import { toast } from '../components/toaster';
import { age, formatDateTime, fullNumber, timeAgo } from '../format';
import { rememberProject } from '../project-context';
import { navigate, paths, useLocation } from '../router';

function statusLine(issue: Issue): string | undefined {
  const d = issue.statusDetails;
  if (issue.status === 'resolved') {
    if (d.inNextRelease) return 'Resolved in the next release';
    if (d.inRelease) return `Resolved in ${d.inRelease}`;
    return 'Resolved';
  }
  if (issue.status === 'ignored') {
    if (d.ignoreUntil) return `Ignored until ${formatDateTime(d.ignoreUntil)}`;
    if (d.ignoreCount) return `Ignored until it happens ${fullNumber(d.ignoreCount)} more times`;
    if (d.ignoreUserCount) return `Ignored until ${fullNumber(d.ignoreUserCount)} more users are affected`;
    return 'Ignored';
  }
  if (issue.substatus === 'regressed') return 'Regressed: it came back after being resolved';
  return undefined;
}

/** One issue: what it is, what to do about it, how often it happens, and its events one by one. */
export function IssuePage({
  org,
  issueId,
  eventId,
}: {
  org: string;
  issueId: string;
  eventId: string | undefined;
}) {
  const loc = useLocation();
  const issueUrl = endpoints.issue(org, issueId);
  const issue = useApi<Issue>(issueUrl);
  const ref = eventId ?? 'latest';
  const event = useApi<Event>(endpoints.issueEvent(org, issueId, ref));
  const tags = useApi<TagSummary[]>(endpoints.issueTags(org, issueId));
  const [chartPeriod, setChartPeriod] = useState<'24h' | '30d'>('24h');
  const [busy, setBusy] = useState(false);
  const data = issue.data;
  const project = data?.project.slug;

  // The URL names the project too (permalinks do not), so the header and links follow it.
  useEffect(() => {
    if (!project) return;
    rememberProject(org, project);
    const q = new URLSearchParams(loc.search);
    if (q.get('project') !== project) {
      q.set('project', project);
      navigate(`${loc.pathname}?${q.toString()}${loc.hash}`, { replace: true });
    }
  }, [project, org, loc.search, loc.pathname, loc.hash]);

  useEffect(() => {
    if (data) document.title = `${data.shortId}: ${data.title} · Faultline`;
  }, [data]);

  // Opening an issue marks it seen, as in Sentry.
  useEffect(() => {
    if (data && !data.hasSeen) void api.put(issueUrl, { hasSeen: true }).catch(() => undefined);
  }, [data, issueUrl]);

  if (issue.error) {
    return (
      <div className="page narrow">
        <div className="card empty-card" role="alert">
          <h1 className="page-title">
            {issue.error.status === 404 ? 'Issue not found' : 'Could not load the issue'}
          </h1>
          <p className="muted">
            {issue.error.status === 404
              ? 'It may have been deleted or merged away, or it belongs to an organization you are not in.'
              : issue.error.detail}
          </p>
          <Link className="btn" href={paths.issues(org)}>
            Back to issues
          </Link>
        </div>
      </div>
    );
  }
  if (!data) return <PageSkeleton route={{ name: 'issue', org, issueId, eventId }} />;

  const update = async (body: Record<string, unknown>, done: string) => {
    setBusy(true);
    try {
      const updated = await api.put<Issue>(issueUrl, body);
      const previous = peek<Issue>(issueUrl);
      prime(issueUrl, { ...previous, ...updated, stats: previous?.stats ?? updated.stats });
      invalidate(endpoints.projectIssues(org, data.project.slug));
      toast(done);
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const merge = async (others: string[]) => {
    setBusy(true);
    try {
      const ids = [data.id, ...others];
      const res = await api.put<{ merge?: { parent: string } }>(
        `${endpoints.projectIssues(org, data.project.slug)}?${ids.map((id) => `id=${encodeURIComponent(id)}`).join('&')}`,
        { merge: 1 },
      );
      invalidate(endpoints.projectIssues(org, data.project.slug), issueUrl);
      toast(`Merged ${ids.length} issues`);
      const parent = res?.merge?.parent;
      if (parent && parent !== data.id)
        navigate(paths.issue(org, parent, undefined, { project: data.project.slug }));
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      await api.del(issueUrl);
      invalidate(endpoints.projectIssues(org, data.project.slug));
      toast(`Deleted ${data.shortId}`);
      navigate(paths.issues(org, { project: data.project.slug }));
    } catch (err) {
      toast(err instanceof ApiError ? err.detail : String(err), 'error');
      setBusy(false);
    }
  };

  const { main, rest } = issueHeadline(data);
  const status = statusLine(data);
  const listHref = paths.issues(org, { project: data.project.slug });
  return (
    <div className="page issue-page">
      <nav className="crumbs-nav" aria-label="Breadcrumb">
        <Link href={listHref}>Issues</Link>
        <span aria-hidden="true">/</span>
        <span aria-current="page">{data.shortId}</span>
      </nav>
      <header className="issue-header">
        <div className="issue-header-main">
          <h1 className="issue-heading">
            <span className="issue-type">{main}</span>
            {rest && <span className="issue-value">{rest}</span>}
          </h1>
          <p className="issue-sub">
            <LevelBadge level={data.level} />
            {data.culprit && <code className="issue-culprit">{data.culprit}</code>}
            <span className={`status-chip status-${data.status}`}>{data.status}</span>
          </p>
          {status && data.status !== 'unresolved' && <p className="status-line">{status}</p>}
          {status && data.status === 'unresolved' && <p className="status-line status-line-warn">{status}</p>}
        </div>
        <dl className="issue-stats">
          <div>
            <dt>Events</dt>
            <dd>{fullNumber(data.count)}</dd>
          </div>
          <div>
            <dt>Users</dt>
            <dd>{fullNumber(data.userCount)}</dd>
          </div>
          <div>
            <dt>Last seen</dt>
            <dd title={formatDateTime(data.lastSeen)}>{timeAgo(data.lastSeen)}</dd>
          </div>
          <div>
            <dt>First seen</dt>
            <dd title={formatDateTime(data.firstSeen)}>{age(data.firstSeen)}</dd>
          </div>
        </dl>
      </header>
      <IssueActions issue={data} org={org} busy={busy} onUpdate={update} onMerge={merge} onDelete={remove} />

      <div className="issue-layout">
        <div className="issue-content">
          {event.error ? (
            <div className="card empty-card" role="alert">
              <h2>{event.error.status === 404 ? 'Event not found' : 'Could not load the event'}</h2>
              <p className="muted">
                {event.error.status === 404
                  ? 'Its data may have passed the retention period.'
                  : event.error.detail}
              </p>
              {eventId && (
                <Link
                  className="btn"
                  href={paths.issue(org, issueId, undefined, { project: data.project.slug })}
                >
                  Show the latest event
                </Link>
              )}
            </div>
          ) : event.data ? (
            <>
              <EventNavigation org={org} issueId={data.id} event={event.data} current={ref} />
              <EventView event={event.data} issue={data} org={org} />
            </>
          ) : (
            <div aria-busy="true" aria-label="Loading event">
              <Skeleton height={34} />
              <div style={{ height: 16 }} />
              <Skeleton height={420} />
            </div>
          )}
        </div>
        <aside className="issue-sidebar" aria-label="Issue details">
          <section className="side-section" aria-labelledby="chart-heading">
            <header className="side-header">
              <h2 id="chart-heading">Events</h2>
              <div className="segmented segmented-small" role="group" aria-label="Chart period">
                {(['24h', '30d'] as const).map((p) => (
                  <button
                    key={p}
                    type="button"
                    aria-pressed={chartPeriod === p}
                    className={chartPeriod === p ? 'active' : undefined}
                    onClick={() => setChartPeriod(p)}
                  >
                    {p}
                  </button>
                ))}
              </div>
            </header>
            <EventChart series={data.stats?.[chartPeriod]} hourly={chartPeriod === '24h'} />
          </section>
          <section className="side-section" aria-labelledby="details-heading">
            <header className="side-header">
              <h2 id="details-heading">Details</h2>
            </header>
            <dl className="details">
              <dt>ID</dt>
              <dd>
                <code>{data.shortId}</code>
              </dd>
              <dt>First seen</dt>
              <dd>{formatDateTime(data.firstSeen)}</dd>
              <dt>Last seen</dt>
              <dd>{formatDateTime(data.lastSeen)}</dd>
              {data.firstRelease && (
                <>
                  <dt>First release</dt>
                  <dd>{data.firstRelease.version}</dd>
                </>
              )}
              {data.lastRelease && (
                <>
                  <dt>Last release</dt>
                  <dd>{data.lastRelease.version}</dd>
                </>
              )}
              <dt>Assignee</dt>
              <dd>{data.assignedTo?.email ?? <span className="muted">nobody</span>}</dd>
            </dl>
          </section>
          {/* Tags come last: they arrive after the issue and grow, and nothing below them moves. */}
          <section className="side-section" aria-labelledby="tags-heading">
            <header className="side-header">
              <h2 id="tags-heading">Tags</h2>
            </header>
            <TagDistribution tags={tags.error ? [] : tags.data} org={org} project={data.project.slug} />
          </section>
        </aside>
      </div>
    </div>
  );
}
