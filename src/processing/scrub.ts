import type { NormalizedEvent } from '../protocol/event.js';
import { Memo } from './grouping/memo.js';

/**
 * Server-side scrubbing, on by default, after Relay's default PII rules: values under sensitive
 * keys, and secrets recognisable by their shape anywhere in free text, become `[Filtered]`.
 * What was scrubbed is counted in `_meta.scrubbed` (paths only, never the values).
 */
export interface ScrubOptions {
  sensitiveFields?: string[];
  safeFields?: string[];
  storeIpAddresses?: boolean;
}

export const FILTERED = '[Filtered]';

// Keys whose values are secrets whatever they look like (Relay's `@password` and `@secret` rules,
// Sentry's default sensitive fields).
const SENSITIVE_KEY =
  /pass(word|wd)?|secret|token|api[-_]?key|apikey|auth|credential|session|cookie|csrf|xsrf|private[-_]?key|sentry[-_]?dsn|ssn|credit|card[-_]?number|cvv|iban/i;

// Shapes of secrets in free text. Each is linear-time.
const VALUE_PATTERNS: [RegExp, string][] = [
  [/\b(?:bearer|basic|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, FILTERED],
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g, FILTERED], // JWT
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, FILTERED], // AWS access key id
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, FILTERED],
  [/\b(password|passwd|pwd|secret|token|api_?key)=([^&\s"']+)/gi, `$1=${FILTERED}`],
  [/\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g, FILTERED], // IBAN
];
const CARD = /\b(?:\d[ -]?){12,18}\d\b/g;

/** Luhn check, so order numbers and timestamps are not mistaken for card numbers. */
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length >= 13 && sum % 10 === 0;
}

// A cheap first look: a string none of the patterns could match (most of them) is returned as is.
const MAYBE_SECRET =
  /bearer|basic|token|eyJ|AKIA|ASIA|PRIVATE KEY|pass|pwd|secret|api_?key|\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d[ -]?\d|[A-Z]{2}\d\d/i;

/** Replaces recognisable secrets (tokens, keys, card numbers, IBANs) inside a string. */
export function scrubString(text: string): string {
  if (!MAYBE_SECRET.test(text)) return text;
  let out = text;
  for (const [re, replacement] of VALUE_PATTERNS) out = out.replace(re, replacement);
  return out.replace(CARD, (m) => (isLuhnValid(m.replace(/[ -]/g, '')) ? FILTERED : m));
}

// Databag keys repeat from event to event (`category`, `status_code` …), so each is tested once;
// long ones are not kept, so hostile keys cannot fill memory.
const defaultSensitive = new Memo<boolean>(10_000);

function isDefaultSensitiveKey(key: string): boolean {
  if (key.length > 64) return SENSITIVE_KEY.test(key);
  return defaultSensitive.get(key, () => SENSITIVE_KEY.test(key));
}

function define(node: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty, not assignment: a key named `__proto__` must stay plain data.
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

class Scrubber {
  count = 0;
  private readonly sensitive: RegExp[];
  private readonly safe: Set<string>;

  constructor(opts: ScrubOptions) {
    this.sensitive = (opts.sensitiveFields ?? []).map(
      (f) => new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i'),
    );
    this.safe = new Set((opts.safeFields ?? []).map((f) => f.toLowerCase()));
  }

  isSensitiveKey(key: string): boolean {
    if (this.safe.size > 0 && this.safe.has(key.toLowerCase())) return false;
    return isDefaultSensitiveKey(key) || this.sensitive.some((re) => re.test(key));
  }

  /**
   * Walks a JSON value iteratively (no recursion: databags can be deep) and scrubs in place. Keys
   * are read with Object.keys, not entries: a databag of 100,000 keys is a hostile client's cheapest
   * way to make the digest work, so the walk allocates nothing per key.
   */
  value(root: unknown): unknown {
    if (typeof root === 'string') return this.string(root);
    if (typeof root !== 'object' || root === null) return root;
    const stack: object[] = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          const v: unknown = node[i];
          if (typeof v === 'string') node[i] = this.string(v);
          else if (typeof v === 'object' && v !== null) stack.push(v);
        }
        continue;
      }
      const record = node as Record<string, unknown>;
      for (const k of Object.keys(record)) {
        const v = record[k];
        if (v !== null && v !== '' && typeof v !== 'boolean' && this.isSensitiveKey(k)) {
          if (v !== FILTERED) {
            define(record, k, FILTERED);
            this.count++;
          }
        } else if (typeof v === 'string') {
          const s = this.string(v);
          if (s !== v) define(record, k, s);
        } else if (typeof v === 'object' && v !== null) {
          stack.push(v);
        }
      }
    }
    return root;
  }

  string(s: string): string {
    const out = scrubString(s);
    if (out !== s) this.count++;
    return out;
  }
}

/** Scrubs an event in place; returns it. */
export function scrubEvent(event: NormalizedEvent, opts: ScrubOptions = {}): NormalizedEvent {
  const s = new Scrubber(opts);
  if (typeof event.message === 'string') event.message = s.string(event.message);
  if (event.logentry) s.value(event.logentry);
  for (const ex of event.exception?.values ?? []) {
    if (typeof ex.value === 'string') ex.value = s.string(ex.value);
    for (const f of ex.stacktrace?.frames ?? []) if (f.vars) s.value(f.vars);
  }
  for (const t of event.threads?.values ?? [])
    for (const f of t.stacktrace?.frames ?? []) if (f.vars) s.value(f.vars);
  if (event.breadcrumbs) s.value(event.breadcrumbs);
  if (event.extra) s.value(event.extra);
  if (event.contexts) s.value(event.contexts);
  if (event.request) {
    s.value(event.request);
    // Cookies are credentials by nature, whatever their names.
    if (event.request.cookies !== undefined && event.request.cookies !== FILTERED) {
      event.request.cookies = FILTERED;
      s.count++;
    }
  }
  if (event.user) {
    const { ip_address: ip, ...rest } = event.user;
    s.value(rest);
    event.user =
      opts.storeIpAddresses || ip === undefined
        ? { ...rest, ...(ip !== undefined ? { ip_address: ip } : {}) }
        : rest;
  }
  if (!opts.storeIpAddresses && event.request?.env && typeof event.request.env === 'object') {
    delete (event.request.env as Record<string, unknown>).REMOTE_ADDR;
  }
  event.tags = event.tags.map(([k, v]) => [k, s.isSensitiveKey(k) ? FILTERED : s.string(v)]);
  if (s.count > 0) event._meta = { ...(event._meta ?? {}), scrubbed: s.count };
  return event;
}
