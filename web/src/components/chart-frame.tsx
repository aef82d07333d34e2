import type { ReactNode } from 'react';

/** The width of every chart's drawing space; the SVG stretches it to the width of its card. */
export const chartWidth = 300;

/**
 * What every chart shares: an SVG of `chartWidth` × `height` stretched to fit, with its base line, and a
 * caption of the first bin, a note on the scale and the last bin. `after` goes below the caption.
 */
export function ChartFrame({
  className = 'chart',
  height,
  label,
  start,
  scale,
  end,
  children,
  after,
}: {
  className?: string;
  height: number;
  label: string;
  start: string;
  scale: ReactNode;
  end: string;
  children: ReactNode;
  after?: ReactNode;
}) {
  return (
    <figure className={className}>
      <svg
        viewBox={`0 0 ${chartWidth} ${height}`}
        preserveAspectRatio="none"
        width="100%"
        height={height}
        role="img"
        aria-label={label}
      >
        <line x1="0" x2={chartWidth} y1={height - 0.5} y2={height - 0.5} className="chart-axis" />
        {children}
      </svg>
      <figcaption className="chart-caption">
        <span>{start}</span>
        <span className="muted">{scale}</span>
        <span>{end}</span>
      </figcaption>
      {after}
    </figure>
  );
}
