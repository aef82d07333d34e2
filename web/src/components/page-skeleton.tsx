import type { Route } from '../router';
import { FiltersSkeleton } from './filters-skeleton';
import { IssueListSkeleton } from './issue-list-skeleton';
import { Skeleton } from './skeleton';

/** What a page looks like before its code or data arrive: the same boxes, empty. */
export function PageSkeleton({ route }: { route: Route }) {
  if (route.name === 'issues' || route.name === 'home') {
    return (
      <div className="page" aria-busy="true" aria-label="Loading issues">
        <div className="page-header">
          <h1 className="page-title">Issues</h1>
        </div>
        <div className="issues-toolbar">
          <Skeleton height={36} />
          <FiltersSkeleton />
        </div>
        <IssueListSkeleton rows={12} />
      </div>
    );
  }
  return (
    <div className="page" aria-busy="true" aria-label="Loading">
      <Skeleton width="40%" height={14} />
      <div style={{ height: 12 }} />
      <Skeleton width="70%" height={26} />
      <div style={{ height: 10 }} />
      <Skeleton width="50%" height={14} />
      <div style={{ height: 28 }} />
      <Skeleton height={240} />
    </div>
  );
}
