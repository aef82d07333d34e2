import type { Series } from '../api/types';

/**
 * Event counts per bucket as tiny bars (fixed size, so rows never shift). Bars rather than a line:
 * a spike of one event in a quiet day must stay visible.
 */
export function Sparkline({
  series,
  width = 96,
  height = 24,
  label,
}: {
  series: Series | undefined;
  width?: number;
  height?: number;
  label: string;
}) {
  if (!series || series.length === 0) {
    return <svg className="sparkline sparkline-empty" width={width} height={height} aria-hidden="true" />;
  }
  const max = Math.max(1, ...series.map(([, c]) => c));
  const total = series.reduce((s, [, c]) => s + c, 0);
  const gap = 1;
  const bar = Math.max(1, (width - gap * (series.length - 1)) / series.length);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${label}: ${total} events`}
    >
      <line x1="0" x2={width} y1={height - 0.5} y2={height - 0.5} className="sparkline-base" />
      {series.map(([t, c], i) =>
        c > 0 ? (
          <rect
            key={t}
            x={i * (bar + gap)}
            width={bar}
            y={height - Math.max(2, (c / max) * (height - 1))}
            height={Math.max(2, (c / max) * (height - 1))}
            rx={0.5}
          />
        ) : null,
      )}
    </svg>
  );
}
