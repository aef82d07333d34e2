import type { Series } from '../api/types';
import { formatBucket, fullNumber } from '../format';
import { ChartFrame, chartWidth } from './chart-frame';

/**
 * Events per bucket as bars, with the total and the busiest bucket; every bar has its own tooltip.
 * `unit` and `per` name what is counted and the bucket ("failures" per "5 min"); `tone` colours the bars.
 */
export function EventChart({
  series,
  hourly,
  unit = 'events',
  per,
  tone,
}: {
  series: Series | undefined;
  hourly: boolean;
  unit?: string;
  per?: string;
  tone?: 'danger';
}) {
  const height = 84;
  if (!series || series.length === 0) return <div className="chart chart-empty" style={{ height }} />;
  const max = Math.max(1, ...series.map(([, c]) => c));
  const total = series.reduce((s, [, c]) => s + c, 0);
  const gap = series.length > 20 ? 1 : 2;
  const bar = (chartWidth - gap * (series.length - 1)) / series.length;
  const fmt = (t: number) => formatBucket(t, hourly);
  const first = series[0]![0];
  const last = series.at(-1)![0];
  return (
    <ChartFrame
      height={height}
      label={`${fullNumber(total)} ${unit}, at most ${fullNumber(max)} per ${per ?? (hourly ? 'hour' : 'day')}`}
      start={fmt(first)}
      scale={<>max {fullNumber(max)}</>}
      end={fmt(last)}
    >
      <line x1="0" x2={chartWidth} y1={0.5} y2={0.5} className="chart-grid" />
      {series.map(([t, c], i) => {
        const h = c === 0 ? 0 : Math.max(2, (c / max) * (height - 4));
        return (
          <g key={t}>
            <rect x={i * (bar + gap)} y={0} width={bar} height={height} className="chart-hit">
              <title>{`${fmt(t)}: ${fullNumber(c)} ${unit}`}</title>
            </rect>
            {h > 0 && (
              <rect
                x={i * (bar + gap)}
                y={height - h}
                width={bar}
                height={h}
                className={tone ? `chart-bar chart-bar-${tone}` : 'chart-bar'}
                rx={1}
              />
            )}
          </g>
        );
      })}
    </ChartFrame>
  );
}
