import { Skeleton } from './skeleton';

/** The issue list's rows before they load, each exactly as tall as a real row. */
export function IssueListSkeleton({ rows }: { rows: number }) {
  return (
    <div className="issue-list" aria-hidden="true">
      <div className="issue-list-header">
        <Skeleton width={16} height={16} />
        <Skeleton width={90} height={10} />
      </div>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="issue-row issue-row-skeleton">
          <div className="issue-check" />
          <div className="issue-main">
            <Skeleton width={`${55 - ((i * 7) % 25)}%`} height={13} />
            <Skeleton width={`${35 + ((i * 11) % 30)}%`} height={11} style={{ marginTop: 8 }} />
          </div>
          <div className="issue-graph">
            <Skeleton width={96} height={24} />
          </div>
          <div className="issue-num">
            <Skeleton width={28} height={12} />
          </div>
          <div className="issue-num">
            <Skeleton width={24} height={12} />
          </div>
          <div className="issue-assignee">
            <Skeleton width={24} height={24} style={{ borderRadius: 12 }} />
          </div>
        </div>
      ))}
    </div>
  );
}
