import type { TagQualityRule, TagThresholds } from './api/types';

// How the tag-monitoring pages read a site's rules: the tag an alert names, a rule's name, and how a
// number stands against its thresholds (the colours of rates and times).

/** The tag a rule key names (`tag_failure_rate:Meta CAPI` → `Meta CAPI`); none for site-wide rules. */
export function ruleTag(ruleKey: string): string | undefined {
  const m = /^tag_[a-z_]+:(.+)$/.exec(ruleKey);
  return m?.[1];
}

const RULES: Record<string, string> = {
  tag_failure_rate: 'Failure rate',
  tag_exec_time: 'Execution time',
  data_quality: 'Data quality',
  no_data: 'No data',
  http_health: 'Health probe',
};

/** A rule's name for people. */
export function ruleLabel(rule: string): string {
  return RULES[rule] ?? rule.replace(/_/g, ' ');
}

export type Tone = 'good' | 'warn' | 'danger';

/** How a tag's success rate stands against the site's failure-rate rule. */
export function successTone(successRate: number, executions: number, t: TagThresholds): Tone | undefined {
  if (executions === 0) return undefined;
  const failed = 100 - successRate;
  if (t.failureRateCritical !== null && failed >= t.failureRateCritical) return 'danger';
  if (t.failureRateWarning !== null && failed >= t.failureRateWarning) return 'warn';
  return 'good';
}

/** How an average execution time stands against the site's execution-time rule. */
export function execTone(ms: number, executions: number, t: TagThresholds): Tone | undefined {
  if (executions === 0) return undefined;
  if (t.execTimeCriticalMs !== null && ms >= t.execTimeCriticalMs) return 'danger';
  if (t.execTimeWarningMs !== null && ms >= t.execTimeWarningMs) return 'warn';
  return undefined;
}

/** How a presence rate stands against its data-quality rule; undefined when the rule is off. */
export function qualityTone(rate: number | null, rule: TagQualityRule): Tone | undefined {
  if (rate === null || (rule.warning === null && rule.critical === null)) return undefined;
  if (rule.critical !== null && rate < rule.critical) return 'danger';
  if (rule.warning !== null && rate < rule.warning) return 'warn';
  return 'good';
}
