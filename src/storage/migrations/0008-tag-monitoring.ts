import { sql, type Kysely } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Tag-health monitoring for server-side GTM (docs/tag-monitoring.md): sites with a hashed ingest key,
 * 1-minute buckets per (site, container, minute) with their per-event-name and per-tag rows, the
 * intake records already folded (idempotent digest), alerts and probe results.
 */
export async function up(db: Db, dialect: string): Promise<void> {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  const idColumn = dialect === 'postgres' ? 'bigserial' : 'integer';
  const site = 'tag_sites.project_id';

  await db.schema
    .createTable('tag_sites')
    .addColumn('project_id', 'bigint', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sgtm_url', 'text')
    .addColumn('key_prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', real, (c) => c.notNull())
    .addColumn('last_probe_at', real)
    .execute();
  await db.schema.createIndex('tag_sites_key_prefix').on('tag_sites').column('key_prefix').execute();

  const bucketKey = (t: string) =>
    db.schema
      .createTable(t)
      .addColumn('project_id', 'bigint', (c) => c.notNull().references(site).onDelete('cascade'))
      .addColumn('container_id', 'text', (c) => c.notNull())
      .addColumn('minute', 'bigint', (c) => c.notNull());

  await bucketKey('tag_buckets')
    .addColumn('total_events', 'bigint', (c) => c.notNull())
    .addColumn('ud_total', 'bigint', (c) => c.notNull())
    .addColumn('ud_email', 'bigint', (c) => c.notNull())
    .addColumn('ud_phone', 'bigint', (c) => c.notNull())
    .addColumn('ud_address', 'bigint', (c) => c.notNull())
    .addColumn('ec_total', 'bigint', (c) => c.notNull())
    .addColumn('ec_value', 'bigint', (c) => c.notNull())
    .addColumn('ec_currency', 'bigint', (c) => c.notNull())
    .addColumn('ec_transaction_id', 'bigint', (c) => c.notNull())
    .addColumn('ec_items', 'bigint', (c) => c.notNull())
    .addColumn('received_at', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_buckets_pk', ['project_id', 'minute', 'container_id'])
    .execute();

  await bucketKey('tag_bucket_events')
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_bucket_events_pk', ['project_id', 'minute', 'container_id', 'event_name'])
    .execute();

  await bucketKey('tag_bucket_tags')
    .addColumn('tag_name', 'text', (c) => c.notNull())
    .addColumn('success', 'bigint', (c) => c.notNull())
    .addColumn('failure', 'bigint', (c) => c.notNull())
    .addColumn('timeout', 'bigint', (c) => c.notNull())
    .addColumn('exception', 'bigint', (c) => c.notNull())
    .addColumn('total_exec_ms', 'bigint', (c) => c.notNull())
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('tag_bucket_tags_pk', ['project_id', 'minute', 'container_id', 'tag_name'])
    .execute();
  await db.schema
    .createIndex('tag_bucket_tags_name')
    .on('tag_bucket_tags')
    .columns(['project_id', 'tag_name', 'minute'])
    .execute();

  // One row per folded intake record, written in the fold's transaction: a redelivery is skipped.
  await db.schema
    .createTable('tag_ingest_applied')
    .addColumn('intake_key', 'text', (c) => c.primaryKey())
    .addColumn('applied_at', real, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tag_ingest_applied_at')
    .on('tag_ingest_applied')
    .column('applied_at')
    .execute();

  await db.schema
    .createTable('tag_alerts')
    .addColumn('id', idColumn, (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('project_id', 'bigint', (c) => c.notNull().references(site).onDelete('cascade'))
    .addColumn('rule_key', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('opened_at', real, (c) => c.notNull())
    .addColumn('updated_at', real, (c) => c.notNull())
    .addColumn('resolved_at', real)
    .execute();
  // At most one open alert per rule and site.
  await db.schema
    .createIndex('tag_alerts_open')
    .on('tag_alerts')
    .columns(['project_id', 'rule_key'])
    .unique()
    .where(sql.ref('resolved_at'), 'is', null)
    .execute();
  await db.schema
    .createIndex('tag_alerts_site')
    .on('tag_alerts')
    .columns(['project_id', 'opened_at'])
    .execute();

  await db.schema
    .createTable('tag_probe_results')
    .addColumn('id', idColumn, (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('project_id', 'bigint', (c) => c.notNull().references(site).onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('response_time_ms', real)
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('executed_at', real, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('tag_probe_results_site')
    .on('tag_probe_results')
    .columns(['project_id', 'executed_at'])
    .execute();
}
