import { formatBucket } from '../../format';
import { ChartFrame, chartWidth } from '../chart-frame';
import { Skeleton } from '../skeleton';

export interface LinePoint {
  /** Start of the bin, seconds since the epoch. */
  t: number;
  /** Null where the bin holds no data: the line breaks there. */
  value: number | null;
  /** Tooltip text after the value ("60 executions"). */
  note?: string;
}

export interface Threshold {
  value: number;
  tone: 'warn' | 'danger';
  label: string;
}

/**
 * A rate or a duration over time as a line, with the rule thresholds drawn across it, so a glance
 * tells whether the line crossed one. Bins without data break the line instead of dropping to zero;
 * while the points load (`undefined`) a placeholder of the chart's height holds its place.
 */
export function LineChart({
  points,
  domain,
  format,
  thresholds = [],
  label,
}: {
  points: LinePoint[] | undefined;
  domain: [number, number];
  format: (v: number) => string;
  thresholds?: Threshold[];
  label: string;
}) {
  const height = 96;
  if (!points) return <Skeleton height={height} />;
  const [lo, hi] = domain;
  const withData = points.filter((p) => p.value !== null);
  if (points.length === 0 || withData.length === 0)
    return <div className="chart chart-empty" style={{ height }} aria-label={`${label}: no data`} />;
  const step = chartWidth / points.length;
  const x = (i: number) => i * step + step / 2;
  const y = (v: number) => {
    const clamped = Math.min(hi, Math.max(lo, v));
    return height - 3 - ((clamped - lo) / (hi - lo || 1)) * (height - 6);
  };
  // Runs of consecutive bins with data; a run of one is drawn as a short dash.
  const runs: { i: number; v: number }[][] = [];
  points.forEach((p, i) => {
    if (p.value === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1)!.i === i - 1) last.push({ i, v: p.value });
    else runs.push([{ i, v: p.value }]);
  });
  const values = withData.map((p) => p.value!);
  const fmtTime = (t: number) => formatBucket(t, true);
  return (
    <ChartFrame
      className="chart line-chart"
      height={height}
      label={`${label}: from ${format(Math.min(...values))} to ${format(Math.max(...values))}`}
      start={fmtTime(points[0]!.t)}
      scale={
        <>
          {format(lo)} – {format(hi)}
        </>
      }
      end={fmtTime(points.at(-1)!.t)}
      after={
        thresholds.length > 0 && (
          <ul className="chart-legend">
            {thresholds.map((th) => (
              <li key={th.label} className={`legend-${th.tone}`}>
                <span className="legend-swatch" aria-hidden="true" />
                {th.label}
              </li>
            ))}
          </ul>
        )
      }
    >
      {thresholds
        .filter((th) => th.value >= lo && th.value <= hi)
        .map((th) => (
          <line
            key={th.label}
            x1="0"
            x2={chartWidth}
            y1={y(th.value)}
            y2={y(th.value)}
            className={`chart-threshold chart-threshold-${th.tone}`}
            vectorEffect="non-scaling-stroke"
          />
        ))}
      {points.map((p, i) => (
        <rect key={p.t} x={i * step} y={0} width={step} height={height} className="chart-hit">
          <title>{`${fmtTime(p.t)}: ${p.value === null ? 'no data' : format(p.value)}${p.note ? ` (${p.note})` : ''}`}</title>
        </rect>
      ))}
      {runs.map((run) => (
        <path
          key={run[0]!.i}
          className="chart-line"
          vectorEffect="non-scaling-stroke"
          d={
            run.length === 1
              ? `M${x(run[0]!.i) - step / 2},${y(run[0]!.v)}h${step}`
              : run.map((p, k) => `${k === 0 ? 'M' : 'L'}${x(p.i)},${y(p.v)}`).join('')
          }
        />
      ))}
    </ChartFrame>
  );
}
