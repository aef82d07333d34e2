import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

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

export interface SpoolStats {
  pending: number;
  parked: number;
}

/** Raised when the spool cannot take data durably (disk full, I/O error): ingest answers 503. */
export class SpoolWriteError extends Error {}

interface Waiter {
  record: IntakeRecord;
  resolve(): void;
  reject(err: Error): void;
}

/**
 * The intake spool: a local SQLite file that holds every acknowledged request until the worker has
 * digested it. It is separate from the main database so that ingest never waits on the digest's
 * writes (SQLite has one writer per file) and keeps accepting when PostgreSQL is away.
 *
 * Appends are group-committed: every append made during one turn of the event loop goes into a
 * single transaction, and each caller's promise resolves only after that transaction's fsync.
 */
export class IntakeSpool {
  private readonly sqlite: SqliteDatabase.Database;
  private readonly insert: SqliteDatabase.Statement;
  private pending: Waiter[] = [];
  private flushScheduled = false;
  private readonly listeners = new Set<() => void>();
  /** Records waiting for digest, kept in memory so ingest can shed load without a query. */
  private waiting: number;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.sqlite = new SqliteDatabase(file);
    this.sqlite.pragma('journal_mode = WAL');
    // FULL: an acknowledged request must survive power loss, not only a crash of this process.
    this.sqlite.pragma('synchronous = FULL');
    this.sqlite.exec(`
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
    `);
    this.insert = this.sqlite.prepare(
      'INSERT INTO intake (project_id, kind, event_id, received_at, body) VALUES (?, ?, ?, ?, ?)',
    );
    this.waiting = this.stats().pending;
  }

  /** Acknowledged records not yet digested (parked ones excluded). */
  pendingCount(): number {
    return this.waiting;
  }

  /** Resolves once the record is on disk; rejects with SpoolWriteError if it could not be kept. */
  append(record: IntakeRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length === 0) return;
    try {
      this.sqlite.transaction(() => {
        for (const { record: r } of batch) {
          this.insert.run(r.projectId, r.kind, r.eventId, r.receivedAt, r.body);
        }
      })();
    } catch (err) {
      const reason = new SpoolWriteError(`intake spool write failed: ${(err as Error).message}`);
      for (const w of batch) w.reject(reason);
      return;
    }
    this.waiting += batch.length;
    for (const w of batch) w.resolve();
    for (const listener of this.listeners) listener();
  }

  /** Calls `listener` after each commit of new records (the worker's wake-up). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The oldest records ready for digest (not parked, not backing off): at most `limit`, and no more
   * than fit in `maxBytes` of bodies (the first always does), so a batch of large envelopes is
   * not loaded into memory at once.
   */
  claim(limit: number, now = Date.now() / 1000, maxBytes = Infinity): IntakeRow[] {
    // length() of a BLOB reads its size from the record header, not the blob itself.
    const sizes = this.sqlite
      .prepare(
        `SELECT id, length(body) AS size FROM intake
         WHERE parked_at IS NULL AND available_at <= ? ORDER BY id LIMIT ?`,
      )
      .all(now, limit) as { id: number; size: number }[];
    let count = 0;
    let bytes = 0;
    for (const { size } of sizes) {
      if (count > 0 && bytes + size > maxBytes) break;
      bytes += size;
      count++;
    }
    if (count === 0) return [];
    const rows = this.sqlite
      .prepare(
        `SELECT id, project_id, kind, event_id, received_at, body, attempts FROM intake
         WHERE parked_at IS NULL AND available_at <= ? AND id <= ? ORDER BY id LIMIT ?`,
      )
      .all(now, sizes[count - 1]!.id, count) as {
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
    const del = this.sqlite.prepare('DELETE FROM intake WHERE id = ?');
    let removed = 0;
    this.sqlite.transaction(() => {
      for (const id of ids) removed += del.run(id).changes;
    })();
    this.waiting = Math.max(0, this.waiting - removed);
  }

  /** Records a failed digest: retried after a backoff, parked with its error once attempts run out. */
  fail(id: number, error: string, maxAttempts: number, now = Date.now() / 1000): 'retry' | 'parked' {
    const row = this.sqlite.prepare('SELECT attempts FROM intake WHERE id = ?').get(id) as
      { attempts: number } | undefined;
    const attempts = (row?.attempts ?? 0) + 1;
    if (attempts >= maxAttempts) {
      this.sqlite
        .prepare('UPDATE intake SET attempts = ?, last_error = ?, parked_at = ? WHERE id = ?')
        .run(attempts, error.slice(0, 2000), now, id);
      this.waiting = Math.max(0, this.waiting - 1);
      return 'parked';
    }
    const backoff = Math.min(60, 2 ** attempts);
    this.sqlite
      .prepare('UPDATE intake SET attempts = ?, last_error = ?, available_at = ? WHERE id = ?')
      .run(attempts, error.slice(0, 2000), now + backoff, id);
    return 'retry';
  }

  /**
   * Whether an event of a project is acknowledged but not yet digested. Feedback about an event
   * that has just been sent asks this; the spool is small when the worker keeps up, so no index.
   */
  hasPendingEvent(projectId: number, eventId: string): boolean {
    return (
      this.sqlite
        .prepare('SELECT 1 FROM intake WHERE project_id = ? AND event_id = ? AND parked_at IS NULL LIMIT 1')
        .get(projectId, eventId) !== undefined
    );
  }

  /** Parked records with their errors, for operators. */
  parked(limit = 100): { id: number; projectId: number; eventId: string | null; error: string | null }[] {
    return (
      this.sqlite
        .prepare(
          'SELECT id, project_id, event_id, last_error FROM intake WHERE parked_at IS NOT NULL LIMIT ?',
        )
        .all(limit) as {
        id: number;
        project_id: number;
        event_id: string | null;
        last_error: string | null;
      }[]
    ).map((r) => ({ id: r.id, projectId: r.project_id, eventId: r.event_id, error: r.last_error }));
  }

  stats(): SpoolStats {
    const r = this.sqlite
      .prepare(
        `SELECT SUM(CASE WHEN parked_at IS NULL THEN 1 ELSE 0 END) AS pending,
                SUM(CASE WHEN parked_at IS NULL THEN 0 ELSE 1 END) AS parked FROM intake`,
      )
      .get() as { pending: number | null; parked: number | null };
    return { pending: r.pending ?? 0, parked: r.parked ?? 0 };
  }

  /** True when the spool file can take a write right now (readiness). */
  isWritable(): boolean {
    try {
      this.sqlite.prepare('BEGIN IMMEDIATE').run();
      this.sqlite.prepare('ROLLBACK').run();
      return true;
    } catch {
      return false;
    }
  }

  close(): void {
    this.flush();
    this.sqlite.close();
  }
}
