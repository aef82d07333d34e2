import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { IntakeLogImporter } from './intake-log-import.js';
import { IntakeLogWriter } from './intake-log-writer.js';

/** What ingest hands over: the authenticated, framed request, exactly as received (decoded). */
export interface IntakeRecord {
  projectId: number;
  kind: 'envelope' | 'store' | 'tags';
  /** 32 lowercase hex when the request carries an event; null for session-only envelopes and the like. */
  eventId: string | null;
  receivedAt: number;
  body: Buffer;
}

export interface IntakeRow extends IntakeRecord {
  id: number;
  attempts: number;
}

/** Raised when the spool cannot take data durably (disk full, I/O error): ingest answers 503. */
export class SpoolWriteError extends Error {}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS intake (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL,
    kind TEXT NOT NULL,
    event_id TEXT,
    received_at REAL NOT NULL,
    body BLOB NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    available_at REAL NOT NULL DEFAULT 0,
    last_error TEXT,
    parked_at REAL
  );
  CREATE INDEX IF NOT EXISTS intake_ready ON intake (parked_at, available_at, id);
`;

/**
 * The intake spool: every acknowledged request, kept on local disk until the digest has stored it.
 * It is separate from the main database so that ingest never waits on the digest's writes and keeps
 * accepting when PostgreSQL is away.
 *
 * Two parts. Ingest appends to the intake log (intake-log-writer.ts): segment files written with one
 * `writev` and made durable with one `fdatasync` per batch, on libuv's thread pool, each caller's
 * promise resolved once its record is on disk. The digest side imports the log into the `intake`
 * table of a SQLite file (intake-log-import.ts), where records are claimed, retried with a backoff
 * and parked. A SQLite insert per record cost the ingest process more than the rest of its work on
 * an envelope; now that cost is the digest's, in whichever process digests.
 */
export class IntakeSpool {
  private readonly sqlite: SqliteDatabase.Database;
  private readonly statements: Map<string, SqliteDatabase.Statement> = new Map();
  /** Where the intake log's segment files are: beside the spool file. */
  readonly logDir: string;
  private readonly log: IntakeLogWriter;
  private readonly importer: IntakeLogImporter;
  /** Appended in this event-loop turn, handed to the log together. */
  private queued: { record: IntakeRecord; resolve(): void; reject(err: Error): void }[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly listeners = new Set<() => void>();
  /** Records this process wrote to each of its segments (the importer counts what it took from each). */
  private readonly written = new Map<string, number>();
  /**
   * Records waiting for digest, kept in memory so ingest can shed load without a query: the last
   * count (recount), plus records written since, minus those removed or parked here. A worker in
   * another process drains the spool unseen, hence the recount every second.
   */
  private waiting = 0;

  /** `segmentBytes`: where the log starts a new segment (tests make it small). */
  constructor(file: string, opts: { segmentBytes?: number } = {}) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.sqlite = new SqliteDatabase(file);
    // 16 KiB pages: a 4 KiB page cannot hold a typical event (it spills onto overflow pages), and
    // SQLite writes a page per system call. An existing spool keeps the page size it was made with.
    this.sqlite.pragma('page_size = 16384');
    this.sqlite.pragma('journal_mode = WAL');
    // Imports, deletes of digested records and retries: NORMAL spares each an fsync. Losing the
    // last of them to a power cut means importing or digesting a record again, which the digest's
    // unique (project, event_id) makes harmless; the acknowledged data itself is in the log, synced.
    this.sqlite.pragma('synchronous = NORMAL');
    // Another process's worker or an operator may hold the write lock briefly.
    this.sqlite.pragma('busy_timeout = 5000');
    this.sqlite.exec(SCHEMA);
    this.logDir = path.join(path.dirname(file), `${path.basename(file, path.extname(file))}-log`);
    this.log = new IntakeLogWriter(this.logDir, opts.segmentBytes);
    this.importer = new IntakeLogImporter(this.sqlite, this.logDir, () => this.log.writerId);
    this.recount();
  }

  /** Acknowledged records not yet digested (parked ones excluded). */
  pendingCount(): number {
    return Math.max(0, this.waiting);
  }

  /** Counts the pending records again, from the table and the log (cheap: an index range). */
  recount(): void {
    this.waiting = this.countWaiting();
  }

  /** Records in the table, not parked, plus those this process wrote to the log and nobody imported yet. */
  private countWaiting(): number {
    const table = (
      this.statement('SELECT count(*) AS n FROM intake WHERE parked_at IS NULL').get() as { n: number }
    ).n;
    let unimported = 0;
    if (this.written.size > 0) {
      const present = new Set(this.importer.segments());
      for (const [segment, n] of this.written) {
        // A segment that is gone was imported to its end and deleted.
        if (!present.has(segment)) this.written.delete(segment);
        else unimported += Math.max(0, n - this.importer.importedFrom(segment));
      }
    }
    return table + unimported;
  }

  /** Resolves once the record is on disk; rejects with SpoolWriteError if it could not be kept. */
  append(record: IntakeRecord): Promise<void> {
    if (this.closed) return Promise.reject(new SpoolWriteError('intake spool is closed'));
    return new Promise((resolve, reject) => {
      this.queued.push({ record, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const waiters = this.queued;
    if (waiters.length === 0) return;
    this.queued = [];
    this.log.append({
      records: waiters.map((w) => w.record),
      written: (segment) => {
        this.written.set(segment, (this.written.get(segment) ?? 0) + waiters.length);
        this.waiting += waiters.length;
      },
      settled: (error) => {
        if (error) {
          const reason = new SpoolWriteError(`intake spool write failed: ${error.message}`);
          for (const w of waiters) w.reject(reason);
          return;
        }
        for (const w of waiters) w.resolve();
        for (const listener of this.listeners) listener();
      },
    });
  }

  /** Calls `listener` after each durable append of new records (the worker's wake-up). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Moves what the log holds into the table the digest claims from; returns how many records. */
  importLog(): number {
    return this.importer.run();
  }

  private statement(sql: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * The oldest records ready for digest (not parked, not backing off): at most `limit`, and no more
   * than fit in `maxBytes` of bodies (the first always does), so a batch of large envelopes is
   * not loaded into memory at once.
   */
  claim(limit: number, now = Date.now() / 1000, maxBytes = Infinity): IntakeRow[] {
    // Enough for this claim; a backlog in the log moves over a claim at a time.
    this.importer.run(undefined, limit);
    // length() of a BLOB reads its size from the record header, not the blob itself.
    const sizes = this.statement(
      `SELECT id, length(body) AS size FROM intake
         WHERE parked_at IS NULL AND available_at <= ? ORDER BY id LIMIT ?`,
    ).all(now, limit) as { id: number; size: number }[];
    let count = 0;
    let bytes = 0;
    for (const { size } of sizes) {
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    if (count === 0) return [];
    const rows = this.statement(
      `SELECT id, project_id, kind, event_id, received_at, body, attempts FROM intake
         WHERE parked_at IS NULL AND available_at <= ? AND id <= ? ORDER BY id LIMIT ?`,
    ).all(now, sizes[count - 1]!.id, count) as {
      id: number;
      project_id: number;
      kind: string;
      event_id: string | null;
      received_at: number;
      body: Buffer;
      attempts: number;
    }[];
    return rows.map((r) => ({
      id: r.id,
      projectId: r.project_id,
      kind: r.kind === 'store' || r.kind === 'tags' ? r.kind : 'envelope',
      eventId: r.event_id,
      receivedAt: r.received_at,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  /** Removes records whose digest has committed. */
  remove(ids: number[]): void {
    if (ids.length === 0) return;
    const del = this.statement('DELETE FROM intake WHERE id = ?');
    let removed = 0;
    this.sqlite.transaction(() => {
      for (const id of ids) removed += del.run(id).changes;
    })();
    this.waiting -= removed;
  }

  /** Records a failed digest: retried after a backoff, parked with its error once attempts run out. */
  fail(id: number, error: string, maxAttempts: number, now = Date.now() / 1000): 'retry' | 'parked' {
    const row = this.statement('SELECT attempts FROM intake WHERE id = ?').get(id) as
      { attempts: number } | undefined;
    const attempts = (row?.attempts ?? 0) + 1;
    if (attempts >= maxAttempts) {
      this.statement('UPDATE intake SET attempts = ?, last_error = ?, parked_at = ? WHERE id = ?').run(
        attempts,
        error.slice(0, 2000),
        now,
        id,
      );
      this.waiting -= 1;
      return 'parked';
    }
    const backoff = Math.min(60, 2 ** attempts);
    this.statement('UPDATE intake SET attempts = ?, last_error = ?, available_at = ? WHERE id = ?').run(
      attempts,
      error.slice(0, 2000),
      now + backoff,
      id,
    );
    return 'retry';
  }

  /**
   * Whether an event of a project is acknowledged but not yet digested. Feedback about an event
   * that has just been sent asks this; the spool is small when the worker keeps up, so no index.
   */
  hasPendingEvent(projectId: number, eventId: string): boolean {
    this.importer.run();
    return (
      this.statement(
        'SELECT 1 FROM intake WHERE project_id = ? AND event_id = ? AND parked_at IS NULL LIMIT 1',
      ).get(projectId, eventId) !== undefined
    );
  }

  /** Parked records with their errors, for operators. */
  parked(limit = 100): { id: number; projectId: number; eventId: string | null; error: string | null }[] {
    return (
      this.statement(
        'SELECT id, project_id, event_id, last_error FROM intake WHERE parked_at IS NOT NULL LIMIT ?',
      ).all(limit) as {
        id: number;
        project_id: number;
        event_id: string | null;
        last_error: string | null;
      }[]
    ).map((r) => ({ id: r.id, projectId: r.project_id, eventId: r.event_id, error: r.last_error }));
  }

  /** Records parked after failing digest. */
  parkedCount(): number {
    return (
      this.statement('SELECT count(*) AS n FROM intake WHERE parked_at IS NOT NULL').get() as { n: number }
    ).n;
  }

  /** True when the spool can take a write right now (readiness): its table, and the log's directory. */
  isWritable(): boolean {
    try {
      this.statement('BEGIN IMMEDIATE').run();
      this.statement('ROLLBACK').run();
      return this.log.canWrite();
    } catch {
      return false;
    }
  }

  /** Lets the appends in hand reach the disk (their callers get their answers), then closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    await this.log.close();
    this.sqlite.close();
  }
}
