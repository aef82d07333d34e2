/**
 * The mobile crash SDK's payloads as Sentry shapes, so they take the same path as Sentry's own:
 * an event whose exception carries `raw_stack` text (parsed into frames by raw-stacks.ts), device,
 * OS and app tags and contexts, the user, the release; a session item for release health.
 * Pure: ingest (src/ingest/mobile-endpoint.ts, sessions-endpoint.ts) calls these.
 */
import type { PionneBreadcrumb, PionneEvent, PionneSession } from '../protocol/pionne.js';

/** The contract's cap; the SDK's own ring buffer holds 25. */
export const MAX_MOBILE_BREADCRUMBS = 50;

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Copies the defined, non-empty entries. */
function compact(fields: Json): Json {
  return Object.fromEntries(
    Object.entries(fields).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

/** Merges flat fields under a context, the context's own values first. */
function mergeContext(contexts: Record<string, Json>, name: string, flat: Json): void {
  const merged = { ...compact(flat), ...(contexts[name] ?? {}) };
  if (Object.keys(merged).length > 0) contexts[name] = merged;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The device platform: the documented `platform` (ios | android), else inferred from the OS name,
 * since the real SDK sends no `platform` field (⚠ in the contract).
 */
export function mobilePlatform(p: PionneEvent, contexts: Record<string, Json>): string | undefined {
  if (p.platform) return p.platform.toLowerCase();
  const os = (str(p.os_name) ?? str(contexts.os?.name))?.toLowerCase();
  if (os === 'ios' || os === 'ipados') return 'ios';
  if (os === 'android') return 'android';
  if (os === 'web') return 'web';
  return undefined;
}

const BREADCRUMB_TYPES: Record<string, string> = { http: 'http', navigation: 'navigation', ui: 'user' };

function toBreadcrumb(b: PionneBreadcrumb, fallbackTime: number): Json {
  const level = b.level === 'warn' ? 'warning' : b.level;
  return compact({
    timestamp: typeof b.ts === 'number' ? (b.ts > 1e11 ? b.ts / 1000 : b.ts) : fallbackTime,
    type: BREADCRUMB_TYPES[b.category ?? ''] ?? 'default',
    category: b.category,
    level,
    message: b.message,
    data: b.data,
  });
}

/** The stack as text: the SDK sends the lines of `error.stack` as an array, the docs a string. */
function stackText(stack: PionneEvent['stack']): string | undefined {
  if (Array.isArray(stack)) return stack.length > 0 ? stack.join('\n') : undefined;
  return stack || undefined;
}

/** Tag values are scalars on the wire; Sentry's are strings of at most 200 characters. */
function tagValue(v: string | number | boolean | null): string | undefined {
  if (v === null) return undefined;
  return String(v).slice(0, 200);
}

/** The mobile payload as a Sentry event (without the screenshot, which becomes an attachment). */
export function toSentryEvent(p: PionneEvent, ctx: { eventId: string; receivedAt: number }): Json {
  const contexts: Record<string, Json> = {};
  for (const [name, value] of Object.entries(p.contexts ?? {})) {
    if (isRecord(value)) contexts[name] = value;
  }
  mergeContext(contexts, 'os', { name: p.os_name, version: p.os_version });
  mergeContext(contexts, 'device', {
    model: p.device_model,
    brand: p.device_brand,
    manufacturer: p.device_manufacturer,
    simulator: typeof p.is_device === 'boolean' ? !p.is_device : undefined,
  });
  mergeContext(contexts, 'app', { app_version: p.app_version, app_build: p.app_build, bundle_id: p.app_id });
  mergeContext(contexts, 'ota', {
    update_id: p.ota_update_id,
    channel: p.ota_channel,
    runtime_version: p.runtime_version,
  });
  mergeContext(contexts, 'culture', { locale: p.locale, timezone: p.timezone });

  const os = contexts.os ?? {};
  const device = contexts.device ?? {};
  const app = contexts.app ?? {};
  const platform = mobilePlatform(p, contexts);
  const osName = str(os.name);
  const tags: Json = compact({
    'os.name': osName,
    os: osName && str(os.version) ? `${osName} ${String(os.version)}` : osName,
    device: str(device.model),
    'device.brand': str(device.brand),
    'device.manufacturer': str(device.manufacturer),
    'device.platform': platform,
    'app.version': str(app.version) ?? str(app.app_version),
    'app.build': str(app.build) ?? str(app.app_build),
    'app.id': p.app_id,
    mechanism: p.mechanism?.type,
    handled: typeof p.mechanism?.handled === 'boolean' ? (p.mechanism.handled ? 'yes' : 'no') : undefined,
  });
  for (const [key, value] of Object.entries(p.tags ?? {})) {
    const v = tagValue(value);
    if (v !== undefined) tags[key] = v;
  }

  const crumbs = (p.breadcrumbs ?? []).slice(-MAX_MOBILE_BREADCRUMBS);
  const userId = p.user?.id ?? p.user_id_anon;
  const sdk = isRecord(contexts.sdk) ? contexts.sdk : {};
  const exception = compact({
    type: p.exception_type,
    value: p.message,
    raw_stack: stackText(p.stack),
    mechanism: compact({ type: p.mechanism?.type ?? 'generic', handled: p.mechanism?.handled ?? undefined }),
  });

  return compact({
    event_id: ctx.eventId,
    timestamp: ctx.receivedAt,
    // React Native first: its JavaScript errors read as JavaScript (Hermes, JSC, V8 stacks). The
    // device platform stays in the `device.platform` tag.
    platform: 'javascript',
    level: p.level ?? 'error',
    release: p.release,
    environment: p.environment || 'production',
    exception: { values: [exception] },
    user: userId !== undefined && userId !== null && userId !== '' ? { id: String(userId) } : undefined,
    tags,
    contexts,
    breadcrumbs:
      crumbs.length > 0 ? { values: crumbs.map((b) => toBreadcrumb(b, ctx.receivedAt)) } : undefined,
    extra: p.extra && Object.keys(p.extra).length > 0 ? p.extra : undefined,
    sdk: { name: str(sdk.name) ?? 'pionne', version: str(sdk.version) ?? 'unknown' },
  });
}

export interface Screenshot {
  filename: string;
  contentType: string;
  data: Buffer;
}

const IMAGE_TYPES: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/jpg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * The screenshot: a data URI (what the SDK sends) or raw base64 (what the docs show), JPEG unless
 * the URI or the image's first bytes say otherwise. Undefined when it is not valid base64.
 */
export function decodeScreenshot(value: string): Screenshot | undefined {
  let contentType: string | undefined;
  let base64 = value;
  const uri = /^data:([\w/+.-]+)?(?:;[\w-]+=[\w-]+)*;base64,/i.exec(value);
  if (uri) {
    contentType = uri[1]?.toLowerCase();
    base64 = value.slice(uri[0].length);
  }
  base64 = base64.replace(/\s+/g, '');
  if (base64 === '' || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(base64) || base64.length % 4 === 1) return undefined;
  const data = Buffer.from(base64, 'base64');
  if (data.length === 0) return undefined;
  if (!contentType || !IMAGE_TYPES[contentType]) {
    contentType = data[0] === 0x89 && data[1] === 0x50 ? 'image/png' : 'image/jpeg';
  }
  return { filename: `screenshot.${IMAGE_TYPES[contentType] ?? 'jpg'}`, contentType, data };
}

/**
 * The mobile `POST /api/sessions` body as a Sentry `session` item. Its extra fields go under
 * `attrs`, which the session step reads; the observation time is the time it was received.
 */
export function toSentrySession(s: PionneSession, receivedAt: number): Json {
  const at = new Date(receivedAt * 1000).toISOString();
  return compact({
    sid: s.session_id,
    did: s.user_id_anon,
    status: s.status,
    started: at,
    timestamp: at,
    duration: s.duration_ms === undefined ? undefined : s.duration_ms / 1000,
    attrs: compact({
      release: s.release,
      environment: s.environment,
      os_name: s.os_name,
      app_version: s.app_version,
      app_id: s.app_id,
    }),
  });
}
