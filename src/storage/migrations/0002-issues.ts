import type { Kysely } from 'kysely';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

/** Issues: grouping hashes, per-issue users and tag values, releases for regression order. */
export async function up(db: Db, dialect: string): Promise<void> {
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  await withId(db.schema.createTable('issues'), dialect)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('culprit', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('unresolved'))
    .addColumn('substatus', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('status_details', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('first_seen', real, (c) => c.notNull())
    .addColumn('last_seen', real, (c) => c.notNull())
    .addColumn('times_seen', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('user_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('first_release', 'text')
    .addColumn('last_release', 'text')
    .addColumn('resolved_at', real)
    .addColumn('merged_into', 'bigint')
    .addColumn('assigned_to', 'text')
    .addColumn('has_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_bookmarked', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('issues_project_last_seen')
    .on('issues')
    .columns(['project_id', 'last_seen'])
    .execute();
  await db.schema
    .createIndex('issues_project_status')
    .on('issues')
    .columns(['project_id', 'status'])
    .execute();

  // One row per grouping hash; the version is kept so a better algorithm can ship without splitting issues.
  await db.schema
    .createTable('issue_hashes')
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('grouping_version', 'text', (c) => c.notNull())
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('created_at', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_hashes_pk', ['project_id', 'hash'])
    .execute();
  await db.schema.createIndex('issue_hashes_issue').on('issue_hashes').column('issue_id').execute();

  await db.schema
    .createTable('issue_users')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('user_key', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_users_pk', ['issue_id', 'user_key'])
    .execute();

  await db.schema
    .createTable('issue_tag_values')
    .addColumn('issue_id', 'bigint', (c) => c.notNull().references('issues.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('times_seen', 'bigint', (c) => c.notNull())
    .addColumn('first_seen', real, (c) => c.notNull())
    .addColumn('last_seen', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('issue_tag_values_pk', ['issue_id', 'key', 'value'])
    .execute();

  await db.schema
    .createTable('releases')
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('first_seen', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('releases_pk', ['project_id', 'version'])
    .execute();

  await db.schema.alterTable('events').addColumn('issue_id', 'bigint').execute();
  await db.schema.alterTable('events').addColumn('grouping_hash', 'text').execute();
  await db.schema.createIndex('events_issue').on('events').columns(['issue_id', 'timestamp']).execute();
}
