import type { TagAlert } from '../../api/types';
import { formatDateTime, timeAgo } from '../../format';
import { paths } from '../../router';
import { ruleLabel, ruleTag } from '../../tag-rules';
import { Link } from '../link';
import { SkeletonRows } from '../skeleton-rows';

/**
 * Alerts as a table, newest first: severity, rule and message, site (across sites), tag, when it
 * opened and when it resolved.
 */
export function AlertTable({
  org,
  alerts,
  showSite,
  empty,
  label,
}: {
  org: string;
  alerts: TagAlert[] | undefined;
  showSite: boolean;
  empty: string;
  label: string;
}) {
  return (
    <div className="card table-card">
      <table className="table alert-table" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">Severity</th>
            <th scope="col">Alert</th>
            {showSite && <th scope="col">Site</th>}
            <th scope="col">Tag</th>
            <th scope="col" className="hide-narrow">
              Opened
            </th>
            <th scope="col">Resolved</th>
          </tr>
        </thead>
        <tbody>
          {!alerts ? (
            <SkeletonRows rows={3} columns={showSite ? 6 : 5} height={14} />
          ) : (
            alerts.map((a) => {
              const tag = ruleTag(a.rule_key);
              const site = a.site_slug ?? undefined;
              return (
                <tr key={a.id} data-alert={a.rule_key} data-status={a.status}>
                  <td>
                    <span className={`severity severity-${a.severity}`}>{a.severity}</span>
                  </td>
                  <td className="alert-main">
                    <div className="alert-rule">{ruleLabel(a.rule)}</div>
                    <div className="muted small alert-message">{a.message}</div>
                  </td>
                  {showSite && (
                    <td>
                      {site ? (
                        <Link href={paths.tagSite(org, site)}>{a.site_name ?? site}</Link>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  )}
                  <td>
                    {tag && site ? (
                      <Link href={paths.tagDetail(org, site, tag)}>{tag}</Link>
                    ) : (
                      <span className="muted">{tag ?? '—'}</span>
                    )}
                  </td>
                  <td className="hide-narrow nowrap" title={formatDateTime(a.opened_at)}>
                    {timeAgo(a.opened_at)}
                  </td>
                  <td className="nowrap">
                    {a.resolved_at ? (
                      <span title={formatDateTime(a.resolved_at)}>{timeAgo(a.resolved_at)}</span>
                    ) : (
                      <span className="status-chip status-open">open</span>
                    )}
                  </td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
      {alerts && alerts.length === 0 && (
        <div className="empty-inline">
          <p className="muted">{empty}</p>
        </div>
      )}
    </div>
  );
}
