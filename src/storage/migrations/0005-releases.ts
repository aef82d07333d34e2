import type { Kysely } from 'kysely';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

/**
 * Releases as people and sentry-cli manage them, and uploaded source maps.
 *
 * The digest already keeps `releases (project_id, version, first_seen)`: which projects a version
 * has been seen in. That stays the list of a release's projects (Sentry's ReleaseProject); this adds
 * the organization-level metadata a release may carry (Sentry's Release: ref, url, dateReleased),
 * its deploys, and the chunk-upload / artifact-bundle tables of `sentry-cli sourcemaps upload`.
 */
export async function up(db: Db, dialect: string): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  await withId(db.schema.createTable('release_meta'), dialect)
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addColumn('url', 'text')
    .addColumn('date_created', real, (c) => c.notNull())
    .addColumn('date_released', real)
    .addUniqueConstraint('release_meta_org_version', ['organization_id', 'version'])
    .execute();

  await withId(db.schema.createTable('deploys'), dialect)
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('url', 'text')
    .addColumn('date_started', real)
    .addColumn('date_finished', real, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('deploys_org_version')
    .on('deploys')
    .columns(['organization_id', 'version', 'date_finished'])
    .execute();

  // Chunks live here between `POST chunk-upload` and the assemble call that consumes them.
  await db.schema
    .createTable('artifact_chunks')
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_chunks_pk', ['organization_id', 'checksum'])
    .execute();
  await db.schema.createIndex('artifact_chunks_created').on('artifact_chunks').column('created_at').execute();

  await withId(db.schema.createTable('artifact_bundles'), dialect)
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('bundle_id', 'text', (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('dist', 'text')
    .addColumn('file_count', 'integer', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('date_created', real, (c) => c.notNull())
    .addUniqueConstraint('artifact_bundles_org_checksum', ['organization_id', 'checksum'])
    .execute();

  await db.schema
    .createTable('artifact_bundle_projects')
    .addColumn('artifact_bundle_id', 'bigint', (c) =>
      c.notNull().references('artifact_bundles.id').onDelete('cascade'),
    )
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('artifact_bundle_projects_pk', ['artifact_bundle_id', 'project_id'])
    .execute();
  await db.schema
    .createIndex('artifact_bundle_projects_project')
    .on('artifact_bundle_projects')
    .column('project_id')
    .execute();

  // What the manifest says each file is; symbolication will look files up by debug id or url.
  await db.schema
    .createTable('artifact_bundle_files')
    .addColumn('artifact_bundle_id', 'bigint', (c) =>
      c.notNull().references('artifact_bundles.id').onDelete('cascade'),
    )
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('type', 'text')
    .addColumn('debug_id', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('artifact_bundle_files_pk', ['artifact_bundle_id', 'path'])
    .execute();
  await db.schema
    .createIndex('artifact_bundle_files_debug_id')
    .on('artifact_bundle_files')
    .column('debug_id')
    .execute();

  // A release's first and last event, and its new issues, are read per (project, release).
  await db.schema
    .createIndex('events_project_release')
    .on('events')
    .columns(['project_id', 'release', 'timestamp'])
    .execute();
  await db.schema
    .createIndex('issues_project_first_release')
    .on('issues')
    .columns(['project_id', 'first_release'])
    .execute();
}
