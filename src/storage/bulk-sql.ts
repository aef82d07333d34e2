import { CompiledQuery, PostgresAdapter, type Kysely, type Transaction } from 'kysely';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * The digest's hot statements as SQL text. Kysely builds and compiles a tree node per value on every
 * call; for the digest's writes (thousands of values per batch) that cost more CPU than SQLite
 * running the statements. So these few are written once as text with `?` placeholders, numbered
 * for PostgreSQL, and run through Kysely's executor (same connection, same transaction).
 * Everything else keeps using the query builder.
 */

/** Whether `db` is PostgreSQL (numbered placeholders, row locks) rather than SQLite. */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const numbered = new Map<string, string>();

/** `text` with each `?` as `$1`, `$2` … for PostgreSQL (the texts here hold no `?` in literals). */
function forDialect(db: Db, text: string): string {
  if (!isPostgres(db)) return text;
  let out = numbered.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    if (numbered.size >= 200) numbered.clear();
    numbered.set(text, out);
  }
  return out;
}

/** Runs one statement written with `?` placeholders; returns the rows it returns. */
export async function runSql<R>(db: Db, text: string, parameters: readonly unknown[]): Promise<R[]> {
  const result = await db.executeQuery<R>(CompiledQuery.raw(forDialect(db, text), [...parameters]));
  return result.rows;
}

// Rows per statement: powers of two, so a table sees at most nine distinct statements and SQLite's
// statement cache (storage/db.ts) keeps each prepared. 256 rows of 13 columns stay far below both
// backends' limits on parameters (SQLite 32,766; PostgreSQL 65,535).
const MAX_ROWS = 256;

/** Splits `n` rows into power-of-two chunk sizes, largest first (200 → 128, 64, 8). */
export function chunkSizes(n: number): number[] {
  const out: number[] = [];
  let left = n;
  while (left >= MAX_ROWS) {
    out.push(MAX_ROWS);
    left -= MAX_ROWS;
  }
  for (let size = MAX_ROWS / 2; size >= 1; size /= 2) {
    if (left >= size) {
      out.push(size);
      left -= size;
    }
  }
  return out;
}

const tuples = new Map<string, string>();

/** `(?, ?, ?), (?, ?, ?)`: `rows` copies of `tuple` (by default, `width` bare placeholders). */
function placeholders(rows: number, width: number, tuple?: string): string {
  const key = `${rows}x${tuple ?? width}`;
  let out = tuples.get(key);
  if (out === undefined) {
    const one = tuple ?? `(${Array.from({ length: width }, () => '?').join(', ')})`;
    out = Array.from({ length: rows }, () => one).join(', ');
    tuples.set(key, out);
  }
  return out;
}

/**
 * Runs a statement over many rows in chunks: `text` places a VALUES list of the chunk's rows, each
 * row as `tuple` (`(?, ?)` by default; `(CAST(? AS bigint), …)` where PostgreSQL must be told the
 * types). Returns what the statements return, chunk after chunk; rows go in the order given.
 */
export async function runForRows<R>(
  db: Db,
  text: (values: string) => string,
  rows: readonly (readonly unknown[])[],
  tuple?: string,
): Promise<R[]> {
  const out: R[] = [];
  if (rows.length === 0) return out;
  const width = rows[0]!.length;
  let at = 0;
  for (const size of chunkSizes(rows.length)) {
    const parameters: unknown[] = [];
    for (let i = at; i < at + size; i++) for (const v of rows[i]!) parameters.push(v);
    at += size;
    for (const r of await runSql<R>(db, text(placeholders(size, width, tuple)), parameters)) out.push(r);
  }
  return out;
}

/** `${head} VALUES (…), (…) ${tail}` for every row, in chunks (see runForRows). */
export function insertRows<R>(
  db: Db,
  head: string,
  rows: readonly (readonly unknown[])[],
  tail = '',
): Promise<R[]> {
  return runForRows<R>(db, (values) => `${head} values ${values}${tail ? ` ${tail}` : ''}`, rows);
}

/**
 * A query with one `IN (…)` list (`text` puts it in place) over all `values`, after the parameters
 * `before`. The list is padded to a power of two by repeating a value, which IN does not mind, so
 * one statement serves every list of up to 256 values.
 */
export async function selectIn<R>(
  db: Db,
  text: (inList: string) => string,
  values: readonly unknown[],
  before: readonly unknown[] = [],
): Promise<R[]> {
  const out: R[] = [];
  for (let at = 0; at < values.length; at += MAX_ROWS) {
    const chunk = values.slice(at, at + MAX_ROWS);
    let size = 1;
    while (size < chunk.length) size *= 2;
    while (chunk.length < size) chunk.push(chunk[0]);
    for (const r of await runSql<R>(db, text(placeholders(1, size)), [...before, ...chunk])) out.push(r);
  }
  return out;
}
