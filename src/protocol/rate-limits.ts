import { ValidationError } from '../lib/errors.js';
import { isDataCategory, type DataCategory } from './envelope.js';

/** One active limit; an empty category list limits every category. */
export interface RateLimit {
  retryAfterSeconds: number;
  categories: DataCategory[];
  scope: 'organization' | 'project' | 'key';
  reasonCode?: string;
}

const SCOPES: ReadonlySet<string> = new Set(['organization', 'project', 'key']);

/**
 * Formats `X-Sentry-Rate-Limits`, e.g. `60:transaction:key, 2700:default;error;security:organization`
 * (rate-limiting.mdx; Relay `format_rate_limits`).
 */
export function formatRateLimitsHeader(limits: RateLimit[]): string {
  return limits
    .map((limit) => {
      const fields = [String(wholeSeconds(limit.retryAfterSeconds)), limit.categories.join(';'), limit.scope];
      if (limit.reasonCode !== undefined) fields.push(limit.reasonCode);
      return fields.join(':');
    })
    .join(', ');
}

/** Parses `X-Sentry-Rate-Limits` as an SDK would; strict, because only our own tests read it. */
export function parseRateLimitsHeader(value: string): RateLimit[] {
  const limits: RateLimit[] = [];
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    // A fifth field (metric namespaces) may follow the reason code; nothing here uses it.
    const [retryAfter = '', categories = '', scope = '', reasonCode] = trimmed.split(':');
    if (!/^\d+(\.\d+)?$/.test(retryAfter)) throw invalid(trimmed, 'retry-after is not a number');
    if (!isScope(scope)) throw invalid(trimmed, `unknown scope "${scope}"`);
    const parsed: RateLimit = {
      retryAfterSeconds: Number(retryAfter),
      categories: categories === '' ? [] : categories.split(';').map((c) => category(trimmed, c)),
      scope,
    };
    if (reasonCode !== undefined && reasonCode !== '') parsed.reasonCode = reasonCode;
    limits.push(parsed);
  }
  return limits;
}

/** SDKs read the number as whole seconds; rounding up means nobody retries a moment too early. */
function wholeSeconds(seconds: number): number {
  const rounded = Math.ceil(seconds);
  return rounded > 0 ? rounded : 0;
}

function isScope(value: string): value is RateLimit['scope'] {
  return SCOPES.has(value);
}

function category(entry: string, value: string): DataCategory {
  if (!isDataCategory(value)) throw invalid(entry, `unknown category "${value}"`);
  return value;
}

function invalid(entry: string, reason: string): ValidationError {
  return new ValidationError(`invalid rate limit "${entry}"`, [reason]);
}
