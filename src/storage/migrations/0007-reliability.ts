import type { Kysely } from 'kysely';

/** Per-project settings (privacy, retention, limits), per-key rate limits, and counted outcomes. */
export async function up(db: Kysely<unknown>, dialect: string): Promise<void> {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  await db.schema
    .alterTable('projects')
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  // Sentry's key rate limit: at most `count` events per `window` seconds; null = unlimited.
  await db.schema.alterTable('project_keys').addColumn('rate_limit_count', 'integer').execute();
  await db.schema.alterTable('project_keys').addColumn('rate_limit_window', 'integer').execute();
  // What happened to data, per project, minute, category and reason (Relay's outcomes, client reports).
  await db.schema
    .createTable('outcomes')
    .addColumn('project_id', 'bigint', (c) => c.notNull())
    .addColumn('minute', real, (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('outcomes_pk', ['project_id', 'minute', 'outcome', 'category', 'reason'])
    .execute();
}
