/**
 * The shapes of the Faultline API answers the dashboard reads (Sentry's shapes, see src/api/serialize/).
 * Event payloads are whatever an SDK sent: their parts are optional and read defensively.
 */

export interface User {
  id: string;
  email: string;
  isSuperuser?: boolean;
}

export interface OrganizationRef {
  id: string;
  slug: string;
  name: string;
}

export interface Me {
  user: User;
  organizations: OrganizationRef[];
}

export interface Team {
  id: string;
  slug: string;
  name: string;
}

export interface Project {
  id: string;
  slug: string;
  name: string;
  platform: string | null;
  dateCreated: string;
  organization: { id: string; slug: string };
  team: Team | null;
}

export interface ProjectKey {
  id: string;
  name: string;
  public: string;
  secret: string;
  projectId: number;
  isActive: boolean;
  dateCreated: string;
  rateLimit: { count: number; window: number } | null;
  dsn: { public: string; secret: string; store: string; envelope: string };
}

export type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug' | 'sample';
export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';

/** `[bucket start (epoch seconds), count]` pairs. */
export type Series = [number, number][];

export interface Assignee {
  type: 'user';
  id: string;
  name: string;
  email: string;
}

export interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  permalink: string;
  level: Level;
  status: IssueStatus;
  substatus: string | null;
  statusDetails: {
    inRelease?: string;
    inNextRelease?: boolean;
    ignoreUntil?: string;
    ignoreCount?: number;
    ignoreUserCount?: number;
    ignoreDuration?: number;
  };
  platform: string | null;
  project: { id: string; name: string; slug: string; platform: string | null };
  type: string;
  metadata: { type?: string; value?: string; filename?: string; function?: string; title?: string };
  assignedTo: Assignee | null;
  isBookmarked: boolean;
  hasSeen: boolean;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  firstRelease: { version: string } | null;
  lastRelease: { version: string } | null;
  stats?: Record<string, Series>;
  userReportCount?: number;
}

export interface StackFrame {
  filename?: string | null;
  abs_path?: string | null;
  module?: string | null;
  function?: string | null;
  package?: string | null;
  lineno?: number | null;
  colno?: number | null;
  in_app?: boolean | null;
  context_line?: string | null;
  pre_context?: string[] | null;
  post_context?: string[] | null;
  vars?: Record<string, unknown> | null;
  platform?: string | null;
  instruction_addr?: string | null;
}

export interface Stacktrace {
  frames?: StackFrame[] | null;
}

export interface ExceptionValue {
  type?: string | null;
  value?: string | null;
  module?: string | null;
  mechanism?: { type?: string; handled?: boolean; synthetic?: boolean; description?: string } | null;
  stacktrace?: Stacktrace | null;
  raw_stacktrace?: Stacktrace | null;
}

export interface Breadcrumb {
  timestamp?: number | string | null;
  type?: string | null;
  category?: string | null;
  level?: string | null;
  message?: string | null;
  data?: Record<string, unknown> | null;
}

export interface RequestEntry {
  url: string | null;
  method: string | null;
  query: [string, string][];
  fragment: string | null;
  headers: [string, string][];
  cookies: [string, string][];
  data: unknown;
  env: Record<string, unknown> | null;
}

export type Entry =
  | { type: 'exception'; data: { values: ExceptionValue[]; hasSystemFrames: boolean } }
  | { type: 'message'; data: { formatted: string; message: string | null; params: unknown } }
  | { type: 'stacktrace'; data: Stacktrace }
  | {
      type: 'threads';
      data: { values?: { id?: unknown; name?: string; crashed?: boolean; stacktrace?: Stacktrace }[] };
    }
  | { type: 'breadcrumbs'; data: { values: Breadcrumb[] } }
  | { type: 'request'; data: RequestEntry };

export interface EventTag {
  key: string;
  value: string;
}

export interface Event {
  id: string;
  eventID: string;
  groupID: string | null;
  projectID: string;
  title: string;
  message: string;
  culprit: string | null;
  platform: string | null;
  dateCreated: string;
  dateReceived: string;
  type: string;
  size: number;
  entries: Entry[];
  tags: EventTag[];
  contexts: Record<string, Record<string, unknown>>;
  context: Record<string, unknown>;
  user: Record<string, unknown> | null;
  sdk: { name?: string; version?: string } | null;
  release: { version: string } | null;
  environment: string | null;
  dist: string | null;
  errors: { type: string; message: string }[];
  previousEventID: string | null;
  nextEventID: string | null;
  data: Record<string, unknown>;
}

export interface TagSummary {
  key: string;
  name: string;
  totalValues: number;
  uniqueValues?: number;
  topValues: { value: string; name: string; count: number; lastSeen: string; firstSeen: string }[];
}

export interface Attachment {
  id: string;
  name: string;
  type: string;
  mimetype: string;
  size: number;
}

/** One release's health (GET /projects/{org}/{project}/release-health/). */
export interface ReleaseHealth {
  release: string | null;
  sessions: { total: number; healthy: number; errored: number; abnormal: number; crashed: number };
  users: { total: number; crashed: number };
  crashFreeSessions: number | null;
  crashFreeUsers: number | null;
  band: 'green' | 'yellow' | 'red' | null;
}

export interface ReleaseHealthReport {
  days: number;
  releases: ReleaseHealth[];
  total: ReleaseHealth;
}

/** A project as the seed (mobile SDK) API lists it: its ingest token preview and web app key. */
export interface SeedProject {
  id: string;
  name: string;
  token_preview: string | null;
  app_key: string | null;
  bundle_id: string | null;
  rate_limit_per_minute: number | null;
}

export interface Release {
  version: string;
  shortVersion: string;
  dateCreated: string;
  dateReleased: string | null;
  newGroups: number;
  firstEvent: string | null;
  lastEvent: string | null;
  deployCount: number;
  lastDeploy: { environment: string; dateFinished: string } | null;
  projects: { id: number; slug: string; name: string; newGroups: number }[];
}

export interface ProjectSettings {
  scrubData: boolean;
  storeIpAddresses: boolean;
  sensitiveFields: string[];
  safeFields: string[];
  retentionDays: number;
  rateLimitPerMinute: number | null;
  categoryLimitsPerMinute: Record<string, number>;
  inAppInclude: string[];
  inAppExclude: string[];
}

export interface ApiToken {
  id: string;
  name: string | null;
  scopes: string[];
  tokenPrefix?: string;
  dateCreated: string;
  dateLastUsed?: string | null;
  token?: string;
}

export interface Member {
  id: string;
  email: string;
  role?: string;
  roleName?: string;
  user?: { id: string; email: string } | null;
}

export interface Feedback {
  id: string;
  name: string;
  email: string;
  comments: string;
  dateCreated: string;
  eventID?: string | null;
}

// Tag-health monitoring (docs/tag-monitoring.md): snake_case, as the API answers (Probr's shapes).

/** ok / warning / critical: a site's worst open alert. */
export type TagHealth = 'ok' | 'warning' | 'critical';

export interface TagQualityRule {
  warning: number | null;
  critical: number | null;
}

export type TagQualityRuleName =
  'email' | 'phone' | 'address' | 'purchaseValue' | 'purchaseCurrency' | 'purchaseTransactionId';

/** A site's thresholds; rates are percentages, null turns a rule off. */
export interface TagThresholds {
  windowMinutes: number;
  minExecutions: number;
  failureRateWarning: number | null;
  failureRateCritical: number | null;
  execTimeWarningMs: number | null;
  execTimeCriticalMs: number | null;
  noDataMinutes: number | null;
  quality: Record<TagQualityRuleName, TagQualityRule>;
  rateLimitPerMinute: number | null;
}

export interface TagSite {
  id: string;
  slug: string;
  name: string;
  organization: string;
  enabled: boolean;
  sgtm_url: string | null;
  ingest_key_prefix: string;
  thresholds: TagThresholds;
  created_at: string;
  last_probe_at: string | null;
}

/** One tag's counts over a period; `failure_count` is failure + timeout + exception. */
export interface TagStats {
  tag_name: string;
  total_executions: number;
  success_count: number;
  failure_count: number;
  timeout_count: number;
  exception_count: number;
  success_rate: number;
  avg_execution_time_ms: number;
}

export interface TagOverview {
  site_id: string;
  site_name: string;
  container_id: string | null;
  period_hours: number;
  total_events: number;
  events: { event_name: string; total_count: number; trend_pct: number | null }[];
  tags: TagStats[];
  user_data: { email_rate: number; phone_rate: number; address_rate: number; total_events: number } | null;
  ecommerce: {
    value_rate: number;
    currency_rate: number;
    transaction_id_rate: number;
    items_rate: number;
    total_events: number;
  } | null;
  last_seen: string | null;
  status: TagHealth;
  open_alerts: number;
}

export interface TagCounts {
  success: number;
  failure: number;
  timeout: number;
  exception: number;
  total_exec_ms: number;
  count: number;
}

/** One minute of one container. */
export interface TagBucket {
  container_id: string;
  window_start: string;
  window_seconds: number;
  total_events: number;
  event_counts: Record<string, number>;
  tag_metrics: Record<string, TagCounts>;
}

export interface TagAlert {
  id: string;
  site_id: string;
  rule: string;
  rule_key: string;
  severity: 'warning' | 'critical';
  title: string;
  message: string;
  status: 'open' | 'resolved';
  opened_at: string;
  updated_at: string;
  resolved_at: string | null;
  /** Only in the organization-wide list. */
  site_slug?: string | null;
  site_name?: string | null;
}

export interface TagProbe {
  status: 'ok' | 'warning' | 'critical' | 'error';
  status_code: number | null;
  response_time_ms: number | null;
  message: string;
  executed_at: string;
}

export interface TagControlRoom {
  total_sites: number;
  total_ok: number;
  total_warning: number;
  total_critical: number;
  sites: {
    site_id: string;
    site_slug: string;
    site_name: string;
    enabled: boolean;
    overall_status: TagHealth;
    active_alerts: number;
    events_last_hour: number;
    last_seen: string | null;
    worst_tag: TagStats | null;
    probe: TagProbe | null;
  }[];
  recent_alerts: TagAlert[];
}
