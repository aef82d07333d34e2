import type { Series, TagBucket } from './api/types';

/** Bars per chart stay between 60 and 100: one minute over an hour, 5 over 6 hours, 15 over a day. */
export function binSeconds(hours: number): number {
  return hours <= 1 ? 60 : hours <= 6 ? 300 : 900;
}

/** "1 min", "5 min", "15 min": what one bar of a chart covers. */
export function binLabel(hours: number): string {
  return `${binSeconds(hours) / 60} min`;
}

/** Minute buckets to ask for: every minute of the window for up to five containers. */
export function bucketLimit(hours: number): number {
  return hours * 60 * 5;
}

/** One bar of a chart: the sums of the minute buckets (of every container) it covers. */
export interface Bin {
  /** Start, seconds since the epoch. */
  start: number;
  events: number;
  executions: number;
  success: number;
  /** failure + timeout + exception, as the API's `failure_count`. */
  failures: number;
  execMs: number;
}

/**
 * The minute buckets of the last `hours` summed into bins that cover the whole window, empty ones
 * included, so a quiet stretch shows as a gap. With `tag`, executions count that tag only.
 */
export function binBuckets(buckets: TagBucket[], hours: number, nowMs: number, tag?: string): Bin[] {
  const size = binSeconds(hours);
  const end = Math.ceil(nowMs / 1000 / size) * size;
  const start = end - hours * 3600;
  const bins: Bin[] = Array.from({ length: (end - start) / size }, (_, i) => ({
    start: start + i * size,
    events: 0,
    executions: 0,
    success: 0,
    failures: 0,
    execMs: 0,
  }));
  for (const b of buckets) {
    const at = Date.parse(b.window_start) / 1000;
    const bin = bins[Math.floor((at - start) / size)];
    if (!bin || at < start) continue;
    bin.events += b.total_events;
    for (const [name, m] of Object.entries(b.tag_metrics)) {
      if (tag !== undefined && name !== tag) continue;
      bin.executions += m.count;
      bin.success += m.success;
      bin.failures += m.failure + m.timeout + m.exception;
      bin.execMs += m.total_exec_ms;
    }
  }
  return bins;
}

/** `[start, value]` pairs of the bins, for the bar charts. */
export function seriesOf(bins: Bin[], pick: (b: Bin) => number): Series {
  return bins.map((b) => [b.start, pick(b)]);
}

/** Failures per bin of one tag, for the per-tag sparklines. */
export function tagFailureSeries(buckets: TagBucket[], hours: number, nowMs: number): Map<string, Series> {
  const names = new Set<string>();
  for (const b of buckets) for (const name of Object.keys(b.tag_metrics)) names.add(name);
  const out = new Map<string, Series>();
  for (const name of names)
    out.set(
      name,
      seriesOf(binBuckets(buckets, hours, nowMs, name), (b) => b.failures),
    );
  return out;
}
