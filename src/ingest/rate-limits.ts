import { RateLimitedError, UnavailableError } from '../lib/errors.js';
import type { DataCategory } from '../protocol/envelope.js';
import { formatRateLimitsHeader, type RateLimit } from '../protocol/rate-limits.js';
import type { AuthorizedKey } from './authenticate.js';
import type { IngestDeps } from './ingest-deps.js';

// Categories that count as "events" against key and project limits (Sentry's event quota).
const EVENT_CATEGORIES = new Set<DataCategory>(['error', 'default', 'transaction', 'security']);

/**
 * Refuses a request before its body is read when the server is overloaded or the key's or project's
 * event limit is already used up; answers 429 with `Retry-After` and `X-Sentry-Rate-Limits`.
 */
export function checkBeforeBody(key: AuthorizedKey, deps: IngestDeps): void {
  if (deps.spool.pendingCount() > deps.maxSpoolBacklog) {
    throw new UnavailableError('too much data is waiting to be processed; retry later', 30);
  }
  const limits: RateLimit[] = [];
  if (key.keyRateLimit) {
    const wait = deps.quota.retryAfter(
      `key:${key.publicKey}`,
      key.keyRateLimit.count,
      key.keyRateLimit.windowSeconds,
    );
    if (wait > 0)
      limits.push({ retryAfterSeconds: wait, categories: [], scope: 'key', reasonCode: 'key_quota' });
  }
  if (key.settings.rateLimitPerMinute !== null) {
    const wait = deps.quota.retryAfter(`project:${key.projectId}`, key.settings.rateLimitPerMinute, 60);
    if (wait > 0)
      limits.push({ retryAfterSeconds: wait, categories: [], scope: 'project', reasonCode: 'project_quota' });
  }
  if (limits.length > 0) {
    deps.outcomes.record(key.projectId, 'rate_limited', 'error', limits[0]!.reasonCode ?? 'quota');
    throw new RateLimitedError(
      Math.max(...limits.map((l) => l.retryAfterSeconds)),
      'rate limited',
      formatRateLimitsHeader(limits),
    );
  }
}

/**
 * Counts the categories of a framed request against the limits. Returns the categories to drop (with
 * the header describing them); consumes quota only for what is kept.
 */
export function applyCategoryLimits(
  key: AuthorizedKey,
  deps: IngestDeps,
  counts: Map<DataCategory, number>,
): { dropped: Set<DataCategory>; limits: RateLimit[] } {
  const dropped = new Set<DataCategory>();
  const limits: RateLimit[] = [];
  for (const [category, n] of counts) {
    const limit = key.settings.categoryLimitsPerMinute[category];
    if (limit === undefined) continue;
    const wait = deps.quota.retryAfter(`project:${key.projectId}:${category}`, limit, 60, n);
    if (wait > 0) {
      dropped.add(category);
      limits.push({
        retryAfterSeconds: wait,
        categories: [category],
        scope: 'project',
        reasonCode: 'category_quota',
      });
      deps.outcomes.record(key.projectId, 'rate_limited', category, 'category_quota', n);
    }
  }
  let events = 0;
  for (const [category, n] of counts) {
    if (dropped.has(category)) continue;
    deps.quota.consume(`project:${key.projectId}:${category}`, 60, n);
    if (EVENT_CATEGORIES.has(category)) events += n;
  }
  if (events > 0) {
    if (key.keyRateLimit) deps.quota.consume(`key:${key.publicKey}`, key.keyRateLimit.windowSeconds, events);
    if (key.settings.rateLimitPerMinute !== null) deps.quota.consume(`project:${key.projectId}`, 60, events);
  }
  return { dropped, limits };
}
