import type { ColumnDefinitionBuilder, Kysely } from 'kysely';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

/**
 * The seed APIs (docs/seed-apis.md): header ingest tokens and body app keys, per-project ingest
 * settings (bundle-id pin, per-token rate limit), release-health sessions, user feedback, mobile
 * profiles and the account deletion code.
 */
export async function up(db: Db, dialect: string): Promise<void> {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  const project = (c: ColumnDefinitionBuilder) => c.notNull().references('projects.id').onDelete('cascade');

  // `token` rows are secrets shown once (only a hash is kept); `app_key` rows are public identifiers
  // that browsers embed, like a DSN's public key, so their value is kept to be shown again.
  await withId(db.schema.createTable('ingest_tokens'), dialect)
    .addColumn('project_id', 'bigint', project)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('public_value', 'text')
    .addColumn('created_at', real, (c) => c.notNull())
    .addColumn('revoked_at', real)
    .execute();
  await db.schema.createIndex('ingest_tokens_prefix').on('ingest_tokens').column('token_prefix').execute();
  await db.schema
    .createIndex('ingest_tokens_project')
    .on('ingest_tokens')
    .columns(['project_id', 'kind'])
    .execute();

  await db.schema
    .createTable('project_ingest_settings')
    .addColumn('project_id', 'bigint', (c) => project(c).primaryKey())
    // null: not pinned yet (the next event pins it); '': pinning turned off.
    .addColumn('bundle_id', 'text')
    .addColumn('rate_limit_per_minute', 'integer')
    .addColumn('notify_on_first_seen', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notify_on_regression', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('notify_on_threshold', 'integer')
    .addColumn('paused_until', real)
    .addColumn('app_type', 'text')
    .execute();

  await db.schema
    .createTable('release_sessions')
    .addColumn('project_id', 'bigint', project)
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('distinct_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('os_name', 'text')
    .addColumn('app_version', 'text')
    .addColumn('app_id', 'text')
    .addColumn('started_at', real, (c) => c.notNull())
    .addColumn('updated_at', real, (c) => c.notNull())
    .addColumn('ended_at', real)
    .addColumn('duration_ms', real)
    // Bumped on every write: a merge written by another process meanwhile is re-read, not lost.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('release_sessions_pk', ['project_id', 'session_id'])
    .execute();
  await db.schema
    .createIndex('release_sessions_started')
    .on('release_sessions')
    .columns(['project_id', 'started_at'])
    .execute();

  // Sentry's pre-aggregated `sessions` items: counts per bucket, no session ids.
  await withId(db.schema.createTable('session_aggregates'), dialect)
    .addColumn('project_id', 'bigint', project)
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('distinct_id', 'text')
    .addColumn('started_at', real, (c) => c.notNull())
    .addColumn('exited', 'integer', (c) => c.notNull())
    .addColumn('errored', 'integer', (c) => c.notNull())
    .addColumn('abnormal', 'integer', (c) => c.notNull())
    .addColumn('crashed', 'integer', (c) => c.notNull())
    // A redelivered intake record must not count its buckets twice.
    .addUniqueConstraint('session_aggregates_source', ['project_id', 'source_key'])
    .execute();
  await db.schema
    .createIndex('session_aggregates_started')
    .on('session_aggregates')
    .columns(['project_id', 'started_at'])
    .execute();

  await withId(db.schema.createTable('user_feedback'), dialect)
    .addColumn('project_id', 'bigint', project)
    .addColumn('event_id', 'text')
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('app_version', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('dedupe_key', 'text')
    .addColumn('created_at', real, (c) => c.notNull())
    .addUniqueConstraint('user_feedback_dedupe', ['project_id', 'dedupe_key'])
    .execute();
  await db.schema
    .createIndex('user_feedback_event')
    .on('user_feedback')
    .columns(['project_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('user_feedback_created')
    .on('user_feedback')
    .columns(['project_id', 'created_at'])
    .execute();

  await withId(db.schema.createTable('mobile_profiles'), dialect)
    .addColumn('project_id', 'bigint', project)
    .addColumn('event_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('platform', 'text')
    .addColumn('route', 'text')
    .addColumn('duration_ms', real)
    .addColumn('samples_count', 'bigint')
    .addColumn('sample_interval_us', 'bigint')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('mobile_profiles_created')
    .on('mobile_profiles')
    .columns(['project_id', 'created_at'])
    .execute();

  // The account PIN that guards destructive project changes; low-entropy, so scrypt-hashed.
  await db.schema
    .createTable('deletion_codes')
    .addColumn('user_id', 'bigint', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', real, (c) => c.notNull())
    .execute();
}
