import { Skeleton } from './skeleton';

/** The filter row before the project is known: boxes of the filters' height. */
export function FiltersSkeleton() {
  return (
    <div className="filters">
      {[262, 118, 170, 150, 150, 122].map((w, i) => (
        <Skeleton key={i} width={w} height={30} />
      ))}
    </div>
  );
}
