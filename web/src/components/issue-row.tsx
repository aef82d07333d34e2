import { memo, type MouseEvent } from 'react';
import type { Issue } from '../api/types';
import { age, compactNumber, formatDateTime, fullNumber, timeAgo } from '../format';
import { navigate, paths } from '../router';
import { AssigneeAvatar } from './assignee-avatar';
import { Link } from './link';
import { Sparkline } from './sparkline';

/** The headline of an issue: its type in bold and its message after it, or its title. */
export function issueHeadline(issue: Pick<Issue, 'title' | 'metadata' | 'type'>): {
  main: string;
  rest: string;
} {
  const t = issue.metadata.type;
  if (issue.type === 'error' && t) return { main: t, rest: issue.metadata.value ?? '' };
  return { main: issue.title, rest: '' };
}

/** One issue in the list: dense, two lines, with its numbers lined up on the right. */
export const IssueRow = memo(function IssueRow({
  issue,
  org,
  statsPeriod,
  selected,
  focused,
  pending,
  showStatus,
  onToggle,
  onFocus,
}: {
  issue: Issue;
  org: string;
  statsPeriod: string;
  selected: boolean;
  focused: boolean;
  pending: boolean;
  showStatus: boolean;
  onToggle: (id: string, range: boolean) => void;
  onFocus: (id: string) => void;
}) {
  const href = paths.issue(org, issue.id, undefined, { project: issue.project.slug });
  const { main, rest } = issueHeadline(issue);
  const open = (e: MouseEvent) => {
    const t = e.target as HTMLElement;
    if (t.closest('a, button, input, label')) return;
    onFocus(issue.id);
    if (e.metaKey || e.ctrlKey) window.open(href, '_blank');
    else navigate(href);
  };
  const release = issue.lastRelease?.version ?? issue.firstRelease?.version;
  return (
    <div
      className={`issue-row level-edge-${issue.level}${selected ? ' selected' : ''}${focused ? ' focused' : ''}${pending ? ' pending' : ''}${issue.hasSeen ? '' : ' unseen'}`}
      data-issue-id={issue.id}
      role="row"
      aria-selected={selected}
      onClick={open}
    >
      <div className="issue-check" role="gridcell">
        <input
          type="checkbox"
          aria-label={`Select ${issue.shortId}`}
          checked={selected}
          onChange={() => undefined}
          onClick={(e) => onToggle(issue.id, e.shiftKey)}
        />
      </div>
      <div className="issue-main" role="gridcell">
        <div className="issue-title">
          <Link href={href} className="issue-link" onFocus={() => onFocus(issue.id)}>
            <span className="issue-type">{main}</span>
            {rest && <span className="issue-value">{rest}</span>}
          </Link>
        </div>
        <div className="issue-meta">
          <span className={`level-tag level-${issue.level}`}>{issue.level}</span>
          <span className="issue-short-id">{issue.shortId}</span>
          {issue.culprit && <span className="issue-culprit">{issue.culprit}</span>}
          {showStatus && issue.status !== 'unresolved' && (
            <span className={`status-chip status-${issue.status}`}>{issue.status}</span>
          )}
          <span
            className="issue-times"
            title={`Last seen ${formatDateTime(issue.lastSeen)} · first seen ${formatDateTime(issue.firstSeen)}`}
          >
            <time dateTime={issue.lastSeen}>{timeAgo(issue.lastSeen)}</time>
            <span aria-hidden="true"> · </span>
            <time dateTime={issue.firstSeen}>{age(issue.firstSeen)}</time>
          </span>
          {release && (
            <span className="issue-release" title={`Release ${release}`}>
              {release}
            </span>
          )}
          {issue.isBookmarked && (
            <span className="bookmark-mark" title="Bookmarked" aria-label="Bookmarked">
              ★
            </span>
          )}
        </div>
      </div>
      <div className="issue-graph" role="gridcell">
        <Sparkline series={issue.stats?.[statsPeriod]} label={`Events over ${statsPeriod}`} />
      </div>
      <div className="issue-num" role="gridcell" title={`${fullNumber(issue.count)} events`}>
        {compactNumber(issue.count)}
      </div>
      <div className="issue-num" role="gridcell" title={`${fullNumber(issue.userCount)} users`}>
        {compactNumber(issue.userCount)}
      </div>
      <div className="issue-assignee" role="gridcell">
        <AssigneeAvatar assignee={issue.assignedTo} />
      </div>
    </div>
  );
});
