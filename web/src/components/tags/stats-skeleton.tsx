import { Skeleton } from '../skeleton';

/** Stands in for a tag page's totals and first charts while they load; `label` says what is loading. */
export function StatsSkeleton({ label }: { label: string }) {
  return (
    <div aria-busy="true" aria-label={label}>
      <Skeleton height={64} />
      <div style={{ height: 12 }} />
      <Skeleton height={180} />
    </div>
  );
}
