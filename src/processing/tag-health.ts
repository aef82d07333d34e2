import type { TagAlertSeverity, FiringCondition } from '../storage/tag-alerts.js';
import type { TagCounts, WindowTotals } from '../storage/tag-buckets.js';
import type { TagSiteSettings } from '../storage/tag-sites.js';

/** What the rules look at: one site's data over its window of complete minutes. */
export interface HealthInput {
  siteName: string;
  settings: TagSiteSettings;
  /** Evaluation time, seconds since the epoch (simulated in tests). */
  now: number;
  /** When the site was created: "no data" counts from here until the first bucket. */
  createdAt: number;
  /** End of the newest bucket minute at or before `now`, or null. */
  lastSeen: number | null;
  totals: WindowTotals;
  tags: Map<string, TagCounts>;
}

/**
 * A rule's verdict: firing (open or update the alert), clear (resolve it), or absent from the map
 * when the window holds too little data to judge (the alert, if any, stays as it is — silence is the
 * "no data" rule's business, not every tag's).
 */
export type HealthVerdicts = Map<string, FiringCondition | 'clear'>;

/** The window of complete minutes the rules look at, as [from, to) in seconds. */
export function healthWindow(now: number, windowMinutes: number): { from: number; to: number } {
  const to = Math.floor(now / 60) * 60;
  return { from: to - windowMinutes * 60, to };
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** `critical` when value passes the critical limit, `warning` past the warning one; `above` sets the side. */
export function grade(
  value: number,
  warning: number | null,
  critical: number | null,
  above: boolean,
): TagAlertSeverity | null {
  const past = (limit: number | null) => limit !== null && (above ? value >= limit : value < limit);
  if (past(critical)) return 'critical';
  if (past(warning)) return 'warning';
  return null;
}

function verdict(
  out: HealthVerdicts,
  ruleKey: string,
  rule: string,
  severity: TagAlertSeverity | null,
  subject: string,
  message: string,
): void {
  out.set(
    ruleKey,
    severity === null
      ? 'clear'
      : { ruleKey, rule, severity, title: `[${severity.toUpperCase()}] ${rule} — ${subject}`, message },
  );
}

const QUALITY = [
  ['email', 'userData', 'email', 'e-mail'],
  ['phone', 'userData', 'phone', 'phone'],
  ['address', 'userData', 'address', 'address'],
  ['purchaseValue', 'ecommerce', 'value', 'purchase value'],
  ['purchaseCurrency', 'ecommerce', 'currency', 'purchase currency'],
  ['purchaseTransactionId', 'ecommerce', 'transactionId', 'purchase transaction id'],
] as const;

/** Evaluates every health rule of a site against its window; pure. */
export function evaluateTagHealth(input: HealthInput): HealthVerdicts {
  const s = input.settings;
  const out: HealthVerdicts = new Map();
  const w = `${s.windowMinutes} min`;

  for (const [tag, c] of input.tags) {
    if (c.count < s.minExecutions) continue;
    const failed = c.failure + c.timeout + c.exception;
    const rate = round2((failed / c.count) * 100);
    verdict(
      out,
      `tag_failure_rate:${tag}`,
      'tag_failure_rate',
      grade(rate, s.failureRateWarning, s.failureRateCritical, true),
      `${input.siteName} / ${tag}`,
      `${tag}: ${rate} % of ${c.count} executions failed in the last ${w}`,
    );
    const avg = round2(c.totalExecMs / c.count);
    verdict(
      out,
      `tag_exec_time:${tag}`,
      'tag_exec_time',
      grade(avg, s.execTimeWarningMs, s.execTimeCriticalMs, true),
      `${input.siteName} / ${tag}`,
      `${tag}: average execution time ${avg} ms over the last ${w}`,
    );
  }

  for (const [name, group, field, label] of QUALITY) {
    const rule = s.quality[name];
    const ruleKey = `quality:${name}`;
    if (rule.warning === null && rule.critical === null) {
      out.set(ruleKey, 'clear');
      continue;
    }
    const totals = group === 'userData' ? input.totals.userData : input.totals.ecommerce;
    const present =
      group === 'userData'
        ? input.totals.userData[field as 'email']
        : input.totals.ecommerce[field as 'value'];
    if (totals.total < s.minExecutions) continue;
    const rate = round2((present / totals.total) * 100);
    verdict(
      out,
      ruleKey,
      'data_quality',
      grade(rate, rule.warning, rule.critical, false),
      `${input.siteName} / ${label}`,
      `${label} present on ${rate} % of ${totals.total} ${group === 'userData' ? 'events' : 'e-commerce events'} in the last ${w}`,
    );
  }

  if (s.noDataMinutes === null) {
    out.set('no_data', 'clear');
  } else {
    const since = input.lastSeen ?? input.createdAt;
    const silent = input.now - since;
    verdict(
      out,
      'no_data',
      'no_data',
      silent >= s.noDataMinutes * 60 ? 'critical' : null,
      input.siteName,
      input.lastSeen === null
        ? `no data received since the site was created ${Math.floor(silent / 60)} min ago`
        : `no data for ${Math.floor(silent / 60)} min`,
    );
  }
  return out;
}

/** Probr's `http_health` verdict for one probe result: `error` leaves the alert as it is. */
export function probeVerdict(
  siteName: string,
  result: { status: 'ok' | 'warning' | 'critical' | 'error'; message: string },
): FiringCondition | 'clear' | null {
  if (result.status === 'error') return null;
  if (result.status === 'ok') return 'clear';
  return {
    ruleKey: 'probe:http_health',
    rule: 'http_health',
    severity: result.status,
    title: `[${result.status.toUpperCase()}] http_health — ${siteName}`,
    message: result.message,
  };
}
