/**
 * Sentry's release-health items (develop-docs/sdk/telemetry/sessions): `session` carries one
 * session's update, `sessions` carries pre-aggregated counts per bucket. Faultline's own ingest APIs
 * put their sessions into the same `session` shape, with a few more `attrs` (os_name, app_version,
 * app_id) that Sentry's SDKs never send.
 */
import { z } from 'zod';

const time = z.union([z.string().max(64), z.number()]);
const attrsSchema = z.looseObject({
  release: z.string().max(200).nullish(),
  environment: z.string().max(64).nullish(),
  os_name: z.string().max(64).nullish(),
  app_version: z.string().max(64).nullish(),
  app_id: z.string().max(255).nullish(),
});

/** The statuses a session may have, lowest to highest: a session's status only ever moves up. */
export const SESSION_STATUSES = ['ok', 'exited', 'errored', 'abnormal', 'crashed'] as const;

export const sentrySessionSchema = z.looseObject({
  sid: z.string().min(1).max(128),
  did: z.union([z.string().max(128), z.number()]).nullish(),
  init: z.boolean().nullish(),
  started: time.nullish(),
  timestamp: time.nullish(),
  duration: z.number().nonnegative().nullish(),
  status: z.enum(SESSION_STATUSES).nullish(),
  errors: z.number().int().nonnegative().nullish(),
  attrs: attrsSchema.nullish(),
});
export type SentrySession = z.output<typeof sentrySessionSchema>;

const count = z.number().int().nonnegative().nullish();

export const sentrySessionAggregatesSchema = z.looseObject({
  aggregates: z
    .array(
      z.looseObject({
        started: time,
        did: z.union([z.string().max(128), z.number()]).nullish(),
        exited: count,
        errored: count,
        abnormal: count,
        crashed: count,
      }),
    )
    .max(1000),
  attrs: attrsSchema.nullish(),
});
export type SentrySessionAggregates = z.output<typeof sentrySessionAggregatesSchema>;
