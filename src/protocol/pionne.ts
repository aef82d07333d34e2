/**
 * The mobile crash SDK's wire format ("Pionne", ../shared/reference/seed-contracts.md §1): the
 * documented payloads and what the React Native SDK 0.9.4 really sends (⚠ in the contract). Both
 * are accepted: `stack` as text or as an array of lines, `user.id` or `user_id_anon`, flat device
 * fields beside `contexts`, `message: null`.
 */
import { z } from 'zod';
import { SESSION_STATUSES } from './session.js';

/** The levels the contract names; anything else is a 422. */
export const PIONNE_LEVELS = ['fatal', 'error', 'warning', 'info'] as const;

const text = (max: number) => z.string().max(max).nullish();
const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);

const breadcrumbSchema = z.looseObject({
  ts: z.number().nullish(),
  category: text(128),
  level: text(32),
  message: text(8192),
  data: z.record(z.string(), z.unknown()).nullish(),
});

/** `POST /api/ingest` (documented fields, then the SDK's flat ones). */
export const pionneEventSchema = z.object({
  exception_type: z.string().trim().min(1).max(256),
  message: text(8192),
  stack: z.union([z.string().max(256 * 1024), z.array(z.string().max(8192)).max(1000)]).nullish(),
  level: z.enum(PIONNE_LEVELS).nullish(),
  release: text(200),
  environment: text(64),
  platform: text(32),
  app_id: text(255),
  tags: z.record(z.string().min(1).max(200), scalar).nullish(),
  user: z.looseObject({ id: z.union([z.string().max(128), z.number()]).nullish() }).nullish(),
  contexts: z.record(z.string(), z.unknown()).nullish(),
  mechanism: z.looseObject({ type: text(64), handled: z.boolean().nullish() }).nullish(),
  breadcrumbs: z.array(breadcrumbSchema).max(1000).nullish(),
  screenshot: z.string().nullish(),
  extra: z.record(z.string(), z.unknown()).nullish(),
  user_id_anon: text(128),
  app_version: text(64),
  app_build: text(64),
  os_name: text(64),
  os_version: text(64),
  device_model: text(128),
  device_brand: text(128),
  device_manufacturer: text(128),
  is_device: z.boolean().nullish(),
  ota_update_id: text(128),
  ota_channel: text(128),
  runtime_version: text(128),
  locale: text(64),
  timezone: text(64),
});
export type PionneEvent = z.output<typeof pionneEventSchema>;
export type PionneBreadcrumb = z.output<typeof breadcrumbSchema>;

/**
 * `POST /api/sessions`. The SDK strips undefined keys "because the validator rejects nulls", so
 * nulls are refused here as the contract's server does.
 */
export const pionneSessionSchema = z.object({
  session_id: z.uuidv4(),
  status: z.enum(SESSION_STATUSES),
  release: z.string().min(1).max(200).optional(),
  environment: z.string().min(1).max(64).optional(),
  app_version: z.string().max(64).optional(),
  os_name: z.string().max(32).optional(),
  user_id_anon: z.string().min(1).max(128).optional(),
  duration_ms: z.number().nonnegative().optional(),
  app_id: z.string().max(255).optional(),
});
export type PionneSession = z.output<typeof pionneSessionSchema>;

/** `POST /api/feedback` and `POST /api/events/{id}/feedback`. */
export const pionneFeedbackSchema = z.object({
  message: z.string().trim().min(1).max(2000),
  name: z.string().trim().max(120).nullish(),
  email: z.string().trim().max(191).pipe(z.email()).nullish(),
  url: z.string().trim().max(500).nullish(),
  app_version: z.string().trim().max(32).nullish(),
});
export type PionneFeedback = z.output<typeof pionneFeedbackSchema>;

/** `POST /api/profiles`: the SDK's Hermes sampling profile and its metadata. */
export const pionneProfileSchema = z.object({
  name: z.string().trim().min(1).max(200),
  release: text(200),
  environment: text(64),
  platform: text(32),
  route: text(500),
  duration_ms: z.number().nonnegative().nullish(),
  samples_count: z.number().int().nonnegative().nullish(),
  sample_interval_us: z.number().int().nonnegative().nullish(),
  samples: z.unknown().refine((v) => v !== undefined, 'samples is required'),
  event_id: z.union([z.number().int().nonnegative(), z.string().max(64)]).nullish(),
});
export type PionneProfile = z.output<typeof pionneProfileSchema>;
