/**
 * The web collector's wire format ("HealthGuard", ../shared/reference/seed-contracts.md §3):
 * `POST /api/events/batch` with the app key in the body and 1–50 events, each checked on its own.
 */
import { z } from 'zod';

/** The batch around the events; its failure refuses the whole request. */
export const collectorBatchSchema = z.object({
  appKey: z.string().min(1).max(128),
  events: z.array(z.unknown()).min(1).max(50),
});
export type CollectorBatch = z.output<typeof collectorBatchSchema>;

const text = (max: number) => z.string().max(max).nullish();

/**
 * One event. Only `type: "error"` is documented; unknown types and error types are accepted (the
 * contract asks for it), and request-type ones count as failed requests. Unknown fields are kept.
 */
export const collectorEventSchema = z
  .looseObject({
    eventId: z.string().min(1).max(128).nullish(),
    appKey: text(128),
    platform: text(32),
    type: z.string().trim().min(1).max(32),
    /** Milliseconds since the epoch. */
    timestamp: z.number().nonnegative().nullish(),
    sessionId: text(128),
    anonymousId: text(128),
    sdkVersion: text(64),
    errorType: text(64),
    message: text(8192),
    stack: text(256 * 1024),
    fingerprint: z.string().min(1).max(256).nullish(),
    breadcrumbs: z.array(z.unknown()).max(100).nullish(),
    release: text(200),
    environment: text(64),
    url: text(2048),
    method: text(16),
    status: z.number().int().nullish(),
  })
  .refine((e) => !!(e.message || e.stack || e.url), {
    message: 'an event needs a message, a stack or a url',
    path: ['message'],
  });
export type CollectorEvent = z.output<typeof collectorEventSchema>;
