import type { NormalizedEvent, Stacktrace } from '../protocol/event.js';

// Relay's field limits (develop-docs "data-handling"; relay-event-normalization trimming).
export const TRIM_LIMITS = {
  message: 8192,
  tagKey: 32,
  tagValue: 200,
  tags: 100,
  breadcrumbs: 100,
  frames: 250,
  culprit: 200,
  exceptionValue: 8192,
} as const;

/** A record of what trimming removed, kept under `_meta.trimmed` like Relay's `_meta`. */
export interface TrimRecord {
  field: string;
  original: number;
  kept: number;
}

function cut(text: string, max: number, field: string, log: TrimRecord[]): string {
  if (text.length <= max) return text;
  log.push({ field, original: text.length, kept: max });
  return `${text.slice(0, max - 1)}…`;
}

/** Frames beyond the cap are dropped from the middle, keeping the outermost calls and the crash side. */
function trimFrames(st: Stacktrace | undefined, field: string, log: TrimRecord[]): void {
  if (!st || !Array.isArray(st.frames) || st.frames.length <= TRIM_LIMITS.frames) return;
  const n = st.frames.length;
  const head = Math.floor(TRIM_LIMITS.frames / 2);
  st.frames = [...st.frames.slice(0, head), ...st.frames.slice(n - (TRIM_LIMITS.frames - head))];
  log.push({ field, original: n, kept: TRIM_LIMITS.frames });
}

/** Applies Relay's size limits in place and records each cut in `event._meta.trimmed`. */
export function trimEvent(event: NormalizedEvent): NormalizedEvent {
  const log: TrimRecord[] = [];
  if (typeof event.message === 'string')
    event.message = cut(event.message, TRIM_LIMITS.message, 'message', log);
  if (event.logentry) {
    for (const k of ['message', 'formatted'] as const) {
      const v = event.logentry[k];
      if (typeof v === 'string') event.logentry[k] = cut(v, TRIM_LIMITS.message, `logentry.${k}`, log);
    }
  }
  if (event.tags.length > TRIM_LIMITS.tags) {
    log.push({ field: 'tags', original: event.tags.length, kept: TRIM_LIMITS.tags });
    event.tags = event.tags.slice(0, TRIM_LIMITS.tags);
  }
  event.tags = event.tags.map(([k, v]) => [
    cut(k, TRIM_LIMITS.tagKey, `tags.${k.slice(0, 40)}.key`, log),
    cut(v, TRIM_LIMITS.tagValue, `tags.${k.slice(0, 40)}.value`, log),
  ]);
  const crumbs = event.breadcrumbs?.values;
  if (crumbs && crumbs.length > TRIM_LIMITS.breadcrumbs) {
    // The most recent breadcrumbs are the ones that explain the crash.
    log.push({ field: 'breadcrumbs', original: crumbs.length, kept: TRIM_LIMITS.breadcrumbs });
    event.breadcrumbs = { values: crumbs.slice(-TRIM_LIMITS.breadcrumbs) };
  }
  event.exception?.values.forEach((ex, i) => {
    if (typeof ex.value === 'string')
      ex.value = cut(ex.value, TRIM_LIMITS.exceptionValue, `exception.${i}.value`, log);
    trimFrames(ex.stacktrace, `exception.${i}.stacktrace.frames`, log);
  });
  event.threads?.values.forEach((t, i) => trimFrames(t.stacktrace, `threads.${i}.stacktrace.frames`, log));
  // A message event's own stack (no exception to carry it) is capped like any other.
  if (typeof event.stacktrace === 'object' && event.stacktrace !== null)
    trimFrames(event.stacktrace as Stacktrace, 'stacktrace.frames', log);
  if (typeof event.culprit === 'string')
    event.culprit = cut(event.culprit, TRIM_LIMITS.culprit, 'culprit', log);
  if (log.length > 0) event._meta = { ...(event._meta ?? {}), trimmed: log };
  return event;
}
