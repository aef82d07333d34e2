import type { NormalizedEvent, StackFrame, Stacktrace } from '../protocol/event.js';
import { computeGrouping, type GroupingResult } from './grouping/v1.js';
import { computeCulprit, computeMetadata, computeTitle } from './grouping/title.js';
import { applyInApp } from './in-app.js';
import { normalizeEvent } from './normalize.js';
import { parseRawStacks } from './raw-stacks.js';
import { scrubEvent, type ScrubOptions } from './scrub.js';
import { trimEvent } from './trim.js';
import { userKey } from './user-key.js';

/** An event after every pure step: what storage and the issue step consume. */
export interface ProcessedEvent extends NormalizedEvent {
  title: string;
  culprit: string;
  metadata: Record<string, unknown>;
  grouping: GroupingResult;
  userKey: string | undefined;
}

export interface ProcessContext {
  eventId: string;
  receivedAt: number;
  sentAt?: number | undefined;
  /** Every string of the raw event is known to be storable (normalize.ts isJsonTextSafe). */
  stringsSafe?: boolean;
  inApp?: { inAppInclude?: string[]; inAppExclude?: string[] };
  /** Server-side scrubbing options; `false` turns scrubbing off for the project. */
  scrub?: ScrubOptions | false;
}

function eachStacktrace(event: NormalizedEvent, fn: (st: Stacktrace) => void): void {
  for (const ex of event.exception?.values ?? []) if (ex.stacktrace) fn(ex.stacktrace);
  for (const t of event.threads?.values ?? []) if (t.stacktrace) fn(t.stacktrace);
  const top = event.stacktrace as Stacktrace | undefined;
  if (top && Array.isArray(top.frames)) fn(top);
}

/**
 * The pure steps, in order: normalize → trim → parse raw stacks → in-app → user → scrub → group →
 * title. Scrubbing comes before grouping and titles so no secret reaches an issue's title; the user
 * key is taken before it because it may need the IP address that scrubbing removes.
 * No I/O here; the digest (pipeline.ts) stores what comes out.
 */
export function processEvent(raw: unknown, ctx: ProcessContext): ProcessedEvent {
  const event = trimEvent(parseRawStacks(normalizeEvent(raw, ctx)));
  eachStacktrace(event, (st) => {
    st.frames = applyInApp(st.frames as StackFrame[], event.platform, ctx.inApp);
  });
  const user = userKey(event);
  if (ctx.scrub !== false) scrubEvent(event, ctx.scrub ?? {});
  const grouping = computeGrouping(event);
  return {
    ...event,
    title: computeTitle(event),
    culprit: computeCulprit(event),
    metadata: computeMetadata(event) as Record<string, unknown>,
    grouping,
    userKey: user,
  };
}
