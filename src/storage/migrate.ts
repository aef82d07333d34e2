import { Migrator, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './db.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-issues.js';
import * as m0003 from './migrations/0003-sessions.js';
import * as m0004 from './migrations/0004-issue-search.js';
import * as m0005 from './migrations/0005-releases.js';
import * as m0006 from './migrations/0006-seed-apis.js';
import * as m0007 from './migrations/0007-reliability.js';
import * as m0008 from './migrations/0008-tag-monitoring.js';

/** Migrations in order; each takes the dialect because a few column types differ (bytea, bigserial). */
const migrations: Record<string, { up(db: Kysely<unknown>, dialect: string): Promise<void> }> = {
  '0001-initial': m0001,
  '0002-issues': m0002,
  '0003-sessions': m0003,
  '0004-issue-search': m0004,
  '0005-releases': m0005,
  '0006-seed-apis': m0006,
  '0007-reliability': m0007,
  '0008-tag-monitoring': m0008,
};

class InCodeProvider implements MigrationProvider {
  constructor(private readonly dialect: string) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    const out: Record<string, Migration> = {};
    for (const [name, m] of Object.entries(migrations)) {
      out[name] = { up: (db) => m.up(db, this.dialect) };
    }
    return out;
  }
}

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: new InCodeProvider(database.dialect),
    migrationTableName: 'faultline_migrations',
    migrationLockTableName: 'faultline_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
