import { fullNumber, percent } from '../format';

/** A crash-free rate in its health band's colour; a dash while no sessions were received. */
export function CrashFree({
  value,
  total,
  what,
}: {
  value: number | null | undefined;
  total: number | undefined;
  what: string;
}) {
  if (value === null || value === undefined)
    return (
      <span className="muted" title="No sessions received for this release yet">
        —
      </span>
    );
  // The bands of src/processing/release-health.ts: green from 99 %, yellow from 95 %.
  const tone = value >= 99 ? 'good' : value >= 95 ? 'fair' : 'poor';
  return (
    <span
      className={`crash-free crash-free-${tone}`}
      title={total ? `${fullNumber(total)} ${what}` : undefined}
    >
      <span className="crash-free-dot" aria-hidden="true" />
      {percent(value)}
    </span>
  );
}
