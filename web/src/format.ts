/** Small, pure formatting helpers for what the dashboard shows. */

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;

/** "just now", "4m", "3h", "5d", "2mo", "1y" — compact, for dense rows. */
export function timeAgo(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return '—';
  const seconds = Math.max(0, (now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 45) return 'just now';
  if (seconds < HOUR) return `${Math.max(1, Math.round(seconds / MINUTE))}m ago`;
  if (seconds < DAY) return `${Math.round(seconds / HOUR)}h ago`;
  if (seconds < 30 * DAY) return `${Math.round(seconds / DAY)}d ago`;
  if (seconds < 365 * DAY) return `${Math.round(seconds / (30 * DAY))}mo ago`;
  return `${Math.round(seconds / (365 * DAY))}y ago`;
}

/** The age of something first seen at `iso`: "3d old". */
export function age(iso: string | null | undefined, now = Date.now()): string {
  const ago = timeAgo(iso, now);
  return ago === 'just now' ? 'new' : ago.replace(' ago', ' old');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

// Dates are formatted by hand: the first Intl.DateTimeFormat costs a page load a few hundred
// milliseconds on slow machines (ICU data), and the issue list formats a hundred of them.

/** Milliseconds since the epoch from epoch seconds, epoch milliseconds or an ISO string. */
function toMs(value: string | number): number {
  return typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
}

/** "Nov 23, 2026, 11:43:38" in local time, for titles and event headers. */
export function formatDateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const ms = toMs(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const d = new Date(ms);
  return `${MONTHS[d.getMonth()]} ${d.getDate()}, ${d.getFullYear()}, ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "11:00" (hourly) or "Nov 23" (daily), for chart axes and tooltips. */
export function formatBucket(seconds: number, hourly: boolean): string {
  const d = new Date(seconds * 1000);
  return hourly ? `${pad(d.getHours())}:${pad(d.getMinutes())}` : `${MONTHS[d.getMonth()]} ${d.getDate()}`;
}

/** `HH:MM:SS.mmm` of a timestamp (epoch seconds or ISO), for breadcrumbs. */
export function formatClock(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return String(value);
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** 1234 → "1.2k", 2500000 → "2.5M"; small numbers as they are. */
export function compactNumber(n: number | string): string {
  const v = typeof n === 'string' ? Number(n) : n;
  if (!Number.isFinite(v)) return String(n);
  if (v < 1000) return String(v);
  if (v < 10_000) return `${(v / 1000).toFixed(1).replace(/\.0$/, '')}k`;
  if (v < 1_000_000) return `${Math.round(v / 1000)}k`;
  return `${(v / 1_000_000).toFixed(1).replace(/\.0$/, '')}M`;
}

/** A whole number with thousands separators: 12345 → "12,345" (by hand, as dates are). */
export function fullNumber(n: number | string): string {
  const v = typeof n === 'string' ? Number(n) : n;
  if (!Number.isFinite(v)) return String(n);
  return String(Math.round(v)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 2048 → "2.0 KiB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** A percentage with one decimal, or "—". */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${value >= 99.95 && value < 100 ? value.toFixed(2) : value.toFixed(1)}%`;
}

/** Any JSON-ish value as short text for tables. */
export function displayValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value, null, 2);
}
