import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  Kysely,
  PostgresDialect,
  SqliteDialect,
  sql,
  type SqliteDatabase as SqliteDialectDatabase,
} from 'kysely';
import pg from 'pg';
import type { Schema } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

/** The main database: Kysely over better-sqlite3 (embedded default) or pg (production). */
export interface Database {
  db: Kysely<Schema>;
  dialect: Dialect;
  /** A human-readable location (file path or host/db) for logs; never includes a password. */
  location: string;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
}

// pg returns BIGINT (count(*), bigserial) as strings; our ids and counts fit in a double.
pg.types.setTypeParser(20, (v) => Number(v));

/** Opens the configured main database. */
export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // An idle client losing its connection (server restart) must not crash the process.
    pool.on('error', () => undefined);
    const url = new URL(opts.databaseUrl);
    return {
      db: new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) }),
      dialect: 'postgres',
      location: `postgres://${url.host}${url.pathname}`,
    };
  }
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const file = path.join(opts.dataDir, 'faultline.sqlite');
  const sqlite = new SqliteDatabase(file);
  // WAL lets the dashboard read while the worker writes; FULL makes each commit survive power loss.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', location: file };
}

/**
 * Kysely prepares every query anew; SQLite's statement compilation then costs as much as running the
 * statement. The digest repeats a handful of statements, so prepared statements are kept by their
 * SQL text (bounded; Kysely never iterates two results of one statement at once).
 */
function withStatementCache(sqlite: SqliteDatabase.Database): SqliteDialectDatabase {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return {
    close: () => sqlite.close(),
    prepare: (text: string) => {
      let stmt = cache.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
        cache.set(text, stmt);
      }
      return stmt;
    },
  };
}

/** Closes a database opened by openDatabase. */
export async function closeDatabase(database: Database): Promise<void> {
  await database.db.destroy();
}

/** True when the database answers a trivial query (readiness, and the worker's outage check). */
export async function isDatabaseReachable(database: Database): Promise<boolean> {
  try {
    await sql`select 1`.execute(database.db);
    return true;
  } catch {
    return false;
  }
}
