import type { Kysely } from 'kysely';
import { withId } from './columns.js';

type Db = Kysely<unknown>;

/** The spine: accounts, projects and keys, stored events, attachments and kept envelope items. */
export async function up(db: Db, dialect: string): Promise<void> {
  const blob = dialect === 'postgres' ? 'bytea' : 'blob';
  const real = dialect === 'postgres' ? 'double precision' : 'real';

  await withId(db.schema.createTable('organizations'), dialect)
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('teams'), dialect)
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .addUniqueConstraint('teams_org_slug', ['organization_id', 'slug'])
    .execute();

  await withId(db.schema.createTable('users'), dialect)
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_superuser', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', real, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .addPrimaryKeyConstraint('members_pk', ['organization_id', 'user_id'])
    .execute();

  await withId(db.schema.createTable('projects'), dialect)
    .addColumn('organization_id', 'bigint', (c) =>
      c.notNull().references('organizations.id').onDelete('cascade'),
    )
    .addColumn('team_id', 'bigint', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('platform', 'text')
    .addColumn('created_at', real, (c) => c.notNull())
    .addUniqueConstraint('projects_org_slug', ['organization_id', 'slug'])
    .execute();

  await withId(db.schema.createTable('project_keys'), dialect)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('secret_key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('is_active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', real, (c) => c.notNull())
    .execute();

  await withId(db.schema.createTable('api_tokens'), dialect)
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('token_prefix', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('created_at', real, (c) => c.notNull())
    .addColumn('last_used_at', real)
    .addColumn('revoked_at', real)
    .execute();

  await withId(db.schema.createTable('events'), dialect)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('timestamp', real, (c) => c.notNull())
    .addColumn('received_at', real, (c) => c.notNull())
    .addColumn('release', 'text')
    .addColumn('environment', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    // The digest is at-least-once; this constraint is what makes it exactly-once in effect.
    .addUniqueConstraint('events_project_event_id', ['project_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('events_project_received')
    .on('events')
    .columns(['project_id', 'received_at'])
    .execute();

  await withId(db.schema.createTable('attachments'), dialect)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('attachment_type', 'text')
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('data', blob, (c) => c.notNull())
    .addColumn('created_at', real, (c) => c.notNull())
    .addUniqueConstraint('attachments_event_name', ['project_id', 'event_id', 'name'])
    .execute();

  await withId(db.schema.createTable('envelope_items'), dialect)
    .addColumn('project_id', 'bigint', (c) => c.notNull().references('projects.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text')
    .addColumn('received_at', real, (c) => c.notNull())
    .addColumn('headers', 'text', (c) => c.notNull())
    .addColumn('payload', blob, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('envelope_items_project_type')
    .on('envelope_items')
    .columns(['project_id', 'type'])
    .execute();
}
