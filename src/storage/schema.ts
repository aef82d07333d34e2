import type { ColumnType, Generated } from 'kysely';

/**
 * The tables as Kysely sees them. JSON documents are stored as text on both backends: PostgreSQL's
 * jsonb refuses `\u0000`, which real events contain, and we never query inside a stored event.
 */
export interface Schema {
  organizations: OrganizationTable;
  teams: TeamTable;
  users: UserTable;
  members: MemberTable;
  projects: ProjectTable;
  project_keys: ProjectKeyTable;
  api_tokens: ApiTokenTable;
  events: EventTable;
  attachments: AttachmentTable;
  envelope_items: EnvelopeItemTable;
  issues: IssueTable;
  issue_hashes: IssueHashTable;
  issue_users: IssueUserTable;
  issue_tag_values: IssueTagValueTable;
  releases: ReleaseTable;
  user_sessions: UserSessionTable;
  release_meta: ReleaseMetaTable;
  deploys: DeployTable;
  artifact_chunks: ArtifactChunkTable;
  artifact_bundles: ArtifactBundleTable;
  artifact_bundle_projects: ArtifactBundleProjectTable;
  artifact_bundle_files: ArtifactBundleFileTable;
  outcomes: OutcomeTable;
  ingest_tokens: IngestTokenTable;
  project_ingest_settings: ProjectIngestSettingsTable;
  release_sessions: ReleaseSessionTable;
  session_aggregates: SessionAggregateTable;
  user_feedback: UserFeedbackTable;
  mobile_profiles: MobileProfileTable;
  deletion_codes: DeletionCodeTable;
  // Tag monitoring (0008-tag-monitoring).
  tag_sites: TagSiteTable;
  tag_buckets: TagBucketTable;
  tag_bucket_events: TagBucketEventTable;
  tag_bucket_tags: TagBucketTagTable;
  tag_ingest_applied: TagIngestAppliedTable;
  tag_alerts: TagAlertTable;
  tag_probe_results: TagProbeResultTable;
}

type Timestamp = ColumnType<number, number, number>;
/** A column the database fills with its default when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface OrganizationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  created_at: Timestamp;
}

export interface TeamTable {
  id: Generated<number>;
  organization_id: number;
  slug: string;
  name: string;
  created_at: Timestamp;
}

export interface UserTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  is_superuser: number;
  created_at: Timestamp;
}

export interface MemberTable {
  organization_id: number;
  user_id: number;
  role: string;
  created_at: Timestamp;
}

export interface ProjectTable {
  id: Generated<number>;
  organization_id: number;
  team_id: number | null;
  slug: string;
  name: string;
  platform: string | null;
  created_at: Timestamp;
  /** JSON ProjectSettings (src/storage/project-settings.ts). */
  settings: Defaulted<string>;
}

export interface ProjectKeyTable {
  id: Generated<number>;
  project_id: number;
  public_key: string;
  secret_key: string;
  label: string;
  is_active: number;
  created_at: Timestamp;
  rate_limit_count: number | null;
  rate_limit_window: number | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  /** sha256 of the token: tokens are 190 random bits, so a fast hash is enough and lookups stay indexed. */
  token_hash: string;
  token_prefix: string;
  scopes: string;
  name: string | null;
  created_at: Timestamp;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface EventTable {
  id: Generated<number>;
  project_id: number;
  event_id: string;
  /** 'error' for error/message events; 'transaction' etc. for the other kinds stored as events. */
  type: string;
  platform: string;
  level: string;
  title: string;
  timestamp: number;
  received_at: number;
  release: string | null;
  environment: string | null;
  /** The full event document (JSON text). */
  data: string;
  issue_id: number | null;
  grouping_hash: string | null;
}

export interface AttachmentTable {
  id: Generated<number>;
  project_id: number;
  event_id: string;
  name: string;
  content_type: string | null;
  attachment_type: string | null;
  size: number;
  data: Uint8Array;
  created_at: Timestamp;
}

/** Items the spine accepts and keeps for later processing (sessions, client reports, spans, logs …). */
export interface EnvelopeItemTable {
  id: Generated<number>;
  project_id: number;
  type: string;
  event_id: string | null;
  received_at: number;
  headers: string;
  payload: Uint8Array;
}

export type IssueStatus = 'unresolved' | 'resolved' | 'ignored';
export type IssueSubstatus =
  'new' | 'ongoing' | 'regressed' | 'escalating' | 'archived_forever' | 'archived_until_condition_met';

export interface IssueTable {
  id: Generated<number>;
  project_id: number;
  title: string;
  culprit: string;
  /** 'error' (exception), 'default' (message) — Sentry's issue types. */
  type: string;
  level: string;
  platform: string;
  /** JSON: type, value, filename, function — what the list shows under the title. */
  metadata: string;
  status: Defaulted<IssueStatus>;
  substatus: Defaulted<IssueSubstatus>;
  /** JSON: inRelease, inNextRelease, ignoreUntil, ignoreCount, ignoreUserCount … */
  status_details: Defaulted<string>;
  first_seen: number;
  last_seen: number;
  times_seen: Defaulted<number>;
  user_count: Defaulted<number>;
  first_release: string | null;
  last_release: string | null;
  resolved_at: number | null;
  merged_into: number | null;
  assigned_to: string | null;
  has_seen: Defaulted<number>;
  is_bookmarked: Defaulted<number>;
}

export interface IssueHashTable {
  project_id: number;
  hash: string;
  grouping_version: string;
  issue_id: number;
  created_at: number;
}

export interface IssueUserTable {
  issue_id: number;
  user_key: string;
}

export interface IssueTagValueTable {
  issue_id: number;
  key: string;
  value: string;
  times_seen: number;
  first_seen: number;
  last_seen: number;
}

export interface ReleaseTable {
  project_id: number;
  version: string;
  first_seen: number;
}

export interface UserSessionTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface OutcomeTable {
  project_id: number;
  minute: number;
  /** accepted | filtered | rate_limited | invalid | client_discard */
  outcome: string;
  category: string;
  reason: string;
  quantity: number;
}

/** Organization-level release metadata (Sentry's Release); which projects have it is `releases`. */
export interface ReleaseMetaTable {
  id: Generated<number>;
  organization_id: number;
  version: string;
  ref: string | null;
  url: string | null;
  date_created: number;
  date_released: number | null;
}

export interface DeployTable {
  id: Generated<number>;
  organization_id: number;
  version: string;
  environment: string;
  name: string | null;
  url: string | null;
  date_started: number | null;
  date_finished: number;
}

/** An uploaded chunk (named by its SHA-1), kept until an assemble call consumes it. */
export interface ArtifactChunkTable {
  organization_id: number;
  checksum: string;
  size: number;
  data: Uint8Array;
  created_at: number;
}

/** An assembled artifact bundle (sentry-cli's zip of source files, source maps and a manifest). */
export interface ArtifactBundleTable {
  id: Generated<number>;
  organization_id: number;
  /** SHA-1 of the whole bundle. */
  checksum: string;
  /** The manifest's debug_id (Sentry's bundleId). */
  bundle_id: string;
  release: string | null;
  dist: string | null;
  file_count: number;
  size: number;
  data: Uint8Array;
  date_created: number;
}

export interface ArtifactBundleProjectTable {
  artifact_bundle_id: number;
  project_id: number;
}

/** One file of a bundle as its manifest describes it. */
export interface ArtifactBundleFileTable {
  artifact_bundle_id: number;
  /** The entry's path inside the zip. */
  path: string;
  url: string | null;
  /** minified_source, source_map, source, indexed_ram_bundle … */
  type: string | null;
  debug_id: string | null;
  size: number;
}

/** Header ingest tokens (shown once, hashed) and body app keys (public) of the seed APIs. */
export interface IngestTokenTable {
  id: Generated<number>;
  project_id: number;
  /** 'token' (X-Faultline-Token / X-Pionne-Token) or 'app_key' (the web collector's appKey). */
  kind: string;
  /** The first 12 characters, indexed for lookup. */
  token_prefix: string;
  /** sha256 of the whole value. */
  token_hash: string;
  /** The value itself, for app keys only: they are public, like a DSN's public key. */
  public_value: string | null;
  created_at: number;
  revoked_at: number | null;
}

export interface ProjectIngestSettingsTable {
  project_id: number;
  /** null: not pinned yet; '': pinning off; else the pinned bundle id. */
  bundle_id: string | null;
  rate_limit_per_minute: number | null;
  notify_on_first_seen: Defaulted<number>;
  notify_on_regression: Defaulted<number>;
  notify_on_threshold: number | null;
  paused_until: number | null;
  app_type: string | null;
}

/** One release-health session, whichever SDK reported it. */
export interface ReleaseSessionTable {
  project_id: number;
  session_id: string;
  distinct_id: string | null;
  /** ok | exited | errored | abnormal | crashed; only ever moves up that order. */
  status: string;
  errors: Defaulted<number>;
  release: string | null;
  environment: string | null;
  os_name: string | null;
  app_version: string | null;
  app_id: string | null;
  started_at: number;
  updated_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  version: number;
}

export interface SessionAggregateTable {
  id: Generated<number>;
  project_id: number;
  source_key: string;
  release: string | null;
  environment: string | null;
  distinct_id: string | null;
  started_at: number;
  exited: number;
  errored: number;
  abnormal: number;
  crashed: number;
}

export interface UserFeedbackTable {
  id: Generated<number>;
  project_id: number;
  /** The event it is about (32 hex); its issue is found through the event. */
  event_id: string | null;
  name: string | null;
  email: string | null;
  message: string;
  url: string | null;
  app_version: string | null;
  /** 'api' (POST /api/feedback), 'user_report' or 'feedback' (Sentry envelope items). */
  source: string;
  dedupe_key: string | null;
  created_at: number;
}

export interface MobileProfileTable {
  id: Generated<number>;
  project_id: number;
  event_id: string | null;
  name: string;
  release: string | null;
  environment: string | null;
  platform: string | null;
  route: string | null;
  duration_ms: number | null;
  samples_count: number | null;
  sample_interval_us: number | null;
  /** The samples as sent (JSON text). */
  data: string;
  created_at: number;
}

export interface DeletionCodeTable {
  user_id: number;
  code_hash: string;
  updated_at: number;
}

/** A tag-monitoring site: a project whose ingest key is an X-Faultline-Key / X-Probr-Key. */
export interface TagSiteTable {
  project_id: number;
  enabled: Defaulted<number>;
  sgtm_url: string | null;
  /** The first 16 characters of the key, indexed for lookup. */
  key_prefix: string;
  /** sha256 of the whole key; the key itself is shown once. */
  key_hash: string;
  /** JSON TagSiteSettings (src/storage/tag-sites.ts). */
  settings: Defaulted<string>;
  created_at: number;
  last_probe_at: number | null;
}

interface TagBucketKey {
  project_id: number;
  container_id: string;
  /** Start of the minute, seconds since the epoch. */
  minute: number;
}

export interface TagBucketTable extends TagBucketKey {
  total_events: number;
  ud_total: number;
  ud_email: number;
  ud_phone: number;
  ud_address: number;
  ec_total: number;
  ec_value: number;
  ec_currency: number;
  ec_transaction_id: number;
  ec_items: number;
  received_at: number;
}

export interface TagBucketEventTable extends TagBucketKey {
  event_name: string;
  count: number;
}

export interface TagBucketTagTable extends TagBucketKey {
  tag_name: string;
  success: number;
  failure: number;
  timeout: number;
  exception: number;
  total_exec_ms: number;
  count: number;
}

export interface TagIngestAppliedTable {
  intake_key: string;
  applied_at: number;
}

export interface TagAlertTable {
  id: Generated<number>;
  project_id: number;
  /** The rule and its subject, e.g. `tag_failure_rate:GA4 - Event`; one open alert per key. */
  rule_key: string;
  rule: string;
  severity: string;
  title: string;
  message: string;
  opened_at: number;
  updated_at: number;
  resolved_at: number | null;
}

export interface TagProbeResultTable {
  id: Generated<number>;
  project_id: number;
  /** ok | warning | critical | error */
  status: string;
  status_code: number | null;
  response_time_ms: number | null;
  message: string;
  executed_at: number;
}
