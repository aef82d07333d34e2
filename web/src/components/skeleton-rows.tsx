import { Skeleton } from './skeleton';

/** Placeholder rows for a table body while its rows load: one bar across all columns per row. */
export function SkeletonRows({ rows, columns, height }: { rows: number; columns: number; height: number }) {
  return (
    <>
      {Array.from({ length: rows }, (_, i) => (
        <tr key={i} aria-hidden="true">
          <td colSpan={columns}>
            <Skeleton height={height} />
          </td>
        </tr>
      ))}
    </>
  );
}
