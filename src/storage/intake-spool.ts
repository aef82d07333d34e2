import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
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

/** What the writer thread answers: these batches are on disk, or could not be kept. */
type WriterAnswer =
  | { seqs: number[]; ok: true; /** Per batch, the id of its last record. */ lastIds: number[] }
  | { seqs: number[]; ok: false; error: string };

/**
 * Batches handed to the writer and not yet on disk: one being synced and one being written while
 * it is. Appends beyond that wait in memory and make the next batch, so each message to the writer
 * (some microseconds of the event loop) carries many records under load.
 */
const MAX_BATCHES_IN_FLIGHT = 2;

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
 * The writer thread: its own connection, so neither the inserts nor the fsync nor SQLite's
 * checkpoints hold up the event loop. Each batch is one transaction written without a sync
 * (`synchronous=NORMAL`); then one fdatasync of the WAL file makes it durable, which is what FULL
 * would do inside the commit, except that the next batches are written while it runs: one sync in
 * flight covers every batch written before it started, so the rate is not bound by fsync latency.
 * A batch is acknowledged only after a sync that started after its commit has completed.
 * Plain JavaScript run with `eval` so the same code runs from dist/ and from src/ under tsx, whose
 * loader worker threads do not inherit.
 */
const WRITER_SOURCE = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const SqliteDatabase = require(workerData.driver);
const sqlite = new SqliteDatabase(workerData.file);
sqlite.pragma('journal_mode = WAL');
sqlite.pragma('synchronous = NORMAL');
sqlite.pragma('busy_timeout = 5000');
const insert = sqlite.prepare(
  'INSERT INTO intake (project_id, kind, event_id, received_at, body) VALUES (?, ?, ?, ?, ?)',
);
// fields: project id, kind, event id, received at, body length — five per record, bodies end to end.
// Returns the id of the batch's last record.
const write = sqlite.transaction((fields, bodies) => {
  let offset = 0;
  let lastId = 0;
  for (let i = 0; i < fields.length; i += 5) {
    const end = offset + fields[i + 4];
    lastId = insert.run(fields[i], fields[i + 1], fields[i + 2], fields[i + 3], bodies.subarray(offset, end))
      .lastInsertRowid;
    offset = end;
  }
  return Number(lastId);
});
const walFile = workerData.file + '-wal';
let wal;
// The WAL file SQLite writes to: opened after the first commit (which creates it), and again if it
// was ever removed, so that a sync can never land on a file SQLite no longer uses.
function walFd() {
  if (wal === undefined || fs.fstatSync(wal).nlink === 0) {
    if (wal !== undefined) fs.closeSync(wal);
    wal = fs.openSync(walFile, 'r');
  }
  return wal;
}
let syncing = false;
let written = [];
function sync() {
  if (syncing || written.length === 0) return;
  const seqs = written.map((w) => w.seq);
  const lastIds = written.map((w) => w.lastId);
  written = [];
  syncing = true;
  const done = (err) => {
    syncing = false;
    parentPort.postMessage(err ? { seqs, ok: false, error: String(err.message) } : { seqs, ok: true, lastIds });
    sync();
  };
  try {
    fs.fdatasync(walFd(), done);
  } catch (err) {
    done(err);
  }
}
parentPort.on('message', ({ seq, fields, bodies }) => {
  let lastId;
  try {
    lastId = write(fields, Buffer.from(bodies.buffer, bodies.byteOffset, bodies.byteLength));
  } catch (err) {
    parentPort.postMessage({ seqs: [seq], ok: false, error: String(err && err.message) });
    return;
  }
  written.push({ seq, lastId });
  sync();
});
`;

/**
 * The intake spool: a local SQLite file that holds every acknowledged request until the worker has
 * digested it. It is separate from the main database so that ingest never waits on the digest's
 * writes (SQLite has one writer per file) and keeps accepting when PostgreSQL is away.
 *
 * Appends are group-committed by a writer thread (WRITER_SOURCE): the appends of one event-loop turn
 * go to it as one batch and one transaction, and every batch written while an fsync runs shares
 * the next one. Each caller's promise resolves only after its batch is on disk. The event loop
 * meanwhile goes on serving requests: a commit costs it a message, not an fsync (a synchronous
 * commit on the main thread left the process idle for the length of every fsync and checkpoint).
 * The digest's reads and deletes use a second connection on the main thread; they are short.
 */
export class IntakeSpool {
  private readonly sqlite: SqliteDatabase.Database;
  private readonly statements: Map<string, SqliteDatabase.Statement> = new Map();
  private readonly file: string;
  private writer: Worker | undefined;
  /** Appended, not yet sent to the writer. */
  private queued: Waiter[] = [];
  /** Sent to the writer, by sequence number, waiting to be on disk. */
  private readonly committing = new Map<number, Waiter[]>();
  private nextSeq = 0;
  private sendScheduled = false;
  private closed = false;
  private idle: (() => void) | undefined;
  private readonly listeners = new Set<() => void>();
  /**
   * Records waiting for digest, kept in memory so ingest can shed load without a query: the last
   * count read from the file, plus the batches acknowledged since, minus those removed or parked.
   * It may dip below zero for a moment (the digest can remove a record before the writer's
   * acknowledgement of it arrives), so readers see it clamped.
   */
  private waiting: number;
  /** The highest record id the last count from the file covers; later batches are added on top. */
  private countedThrough = 0;

  constructor(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.file = file;
    this.sqlite = new SqliteDatabase(file);
    // A new spool gets 16 KiB pages: a 4 KiB page cannot hold a typical event (it spills onto
    // overflow pages), and SQLite writes a page per system call. It matters for nothing else, so an
    // existing spool keeps the page size it was made with.
    this.sqlite.pragma('page_size = 16384');
    this.sqlite.pragma('journal_mode = WAL');
    // Appends are the writer thread's, each synced before it is acknowledged. This connection only
    // deletes digested records and notes retries: NORMAL spares the digest an fsync per batch, and
    // the writer's next fsync of the same WAL file makes these durable too. Losing one to a power
    // cut means a redelivery, which the digest's unique (project, event_id) makes harmless.
    this.sqlite.pragma('synchronous = NORMAL');
    // The writer thread, another process's worker or an operator may hold the write lock briefly.
    this.sqlite.pragma('busy_timeout = 5000');
    this.sqlite.exec(SCHEMA);
    this.waiting = 0;
    this.recount();
  }

  /** Acknowledged records not yet digested (parked ones excluded). */
  pendingCount(): number {
    return Math.max(0, this.waiting);
  }

  /**
   * Counts the pending records again. The in-memory count only sees this process's appends and
   * deletes; a worker in another process drains the same file, so its ingest process recounts
   * (cheap: an index range) now and then.
   */
  recount(): void {
    // One statement, so the count and the highest id issued so far (AUTOINCREMENT keeps it in
    // sqlite_sequence, even after those records are gone) describe the same moment. A batch the
    // writer commits after it has higher ids and is added when acknowledged; one before, not again.
    const { n, through } = this.statement(
      `SELECT (SELECT count(*) FROM intake WHERE parked_at IS NULL) AS n,
              (SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'intake') AS through`,
    ).get() as { n: number; through: number };
    this.waiting = n;
    this.countedThrough = through;
  }

  /** Resolves once the record is on disk; rejects with SpoolWriteError if it could not be kept. */
  append(record: IntakeRecord): Promise<void> {
    if (this.closed) return Promise.reject(new SpoolWriteError('intake spool is closed'));
    return new Promise((resolve, reject) => {
      this.queued.push({ record, resolve, reject });
      if (!this.sendScheduled && this.committing.size < MAX_BATCHES_IN_FLIGHT) {
        this.sendScheduled = true;
        setImmediate(() => this.send());
      }
    });
  }

  private send(): void {
    this.sendScheduled = false;
    if (this.queued.length === 0 || this.committing.size >= MAX_BATCHES_IN_FLIGHT) return;
    const batch = this.queued;
    this.queued = [];
    const seq = this.nextSeq++;
    this.committing.set(seq, batch);
    try {
      // One flat list and one buffer: cloning a list of records with a buffer each cost the event
      // loop more than the rest of the append. The buffer is transferred, not cloned: cloning
      // copies it a second time inside postMessage, which measured 2–8× slower than the transfer.
      const fields: (string | number | null)[] = [];
      let size = 0;
      for (const { record: r } of batch) {
        fields.push(r.projectId, r.kind, r.eventId, r.receivedAt, r.body.length);
        size += r.body.length;
      }
      // Not from Node's shared pool: its own ArrayBuffer, so it can be transferred alone.
      const bodies = Buffer.allocUnsafeSlow(size);
      let offset = 0;
      for (const { record: r } of batch) offset += r.body.copy(bodies, offset);
      const writer = this.startWriter();
      // Kept alive while it holds a batch; an idle writer must not keep the process alive.
      writer.ref();
      writer.postMessage({ seq, fields, bodies }, [bodies.buffer]);
    } catch (err) {
      this.settle({ seqs: [seq], ok: false, error: (err as Error).message });
    }
  }

  private startWriter(): Worker {
    if (this.writer) return this.writer;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const writer = new Worker(WRITER_SOURCE, { eval: true, workerData: { file: this.file, driver } });
    writer.on('message', (answer: WriterAnswer) => this.settle(answer));
    // A writer that dies fails the batches it held; the next append starts a new one.
    const lost = (reason: string) => {
      if (this.writer !== writer) return;
      this.writer = undefined;
      this.settle({ seqs: [...this.committing.keys()], ok: false, error: reason });
    };
    writer.on('error', (err) => lost(err.message));
    writer.on('exit', (code) => lost(`the spool writer exited (${code})`));
    this.writer = writer;
    return writer;
  }

  /** The writer's answer: acknowledge (or fail) the batches it names. */
  private settle(answer: WriterAnswer): void {
    let acknowledged = 0;
    const reason = answer.ok ? undefined : new SpoolWriteError(`intake spool write failed: ${answer.error}`);
    answer.seqs.forEach((seq, i) => {
      const batch = this.committing.get(seq);
      if (!batch) return;
      this.committing.delete(seq);
      if (reason) {
        for (const w of batch) w.reject(reason);
      } else {
        acknowledged += batch.length;
        // A recount made after the batch's commit has counted it already.
        if (answer.ok && answer.lastIds[i]! > this.countedThrough) this.waiting += batch.length;
        for (const w of batch) w.resolve();
      }
    });
    if (acknowledged > 0) for (const listener of this.listeners) listener();
    if (this.queued.length > 0) this.send();
    else if (this.committing.size === 0) {
      this.writer?.unref();
      this.idle?.();
    }
  }

  /** Calls `listener` after each commit of new records (the worker's wake-up). */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private statement(sql: string): SqliteDatabase.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.sqlite.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private countPending(): number {
    return (this.statement('SELECT count(*) AS n FROM intake WHERE parked_at IS NULL').get() as { n: number })
      .n;
  }

  /**
   * The oldest records ready for digest (not parked, not backing off): at most `limit`, and no more
   * than fit in `maxBytes` of bodies (the first always does), so a batch of large envelopes is
   * not loaded into memory at once.
   */
  claim(limit: number, now = Date.now() / 1000, maxBytes = Infinity): IntakeRow[] {
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

  stats(): SpoolStats {
    const parked = this.statement('SELECT count(*) AS n FROM intake WHERE parked_at IS NOT NULL').get() as {
      n: number;
    };
    return { pending: this.countPending(), parked: parked.n };
  }

  /** True when the spool file can take a write right now (readiness). */
  isWritable(): boolean {
    try {
      this.statement('BEGIN IMMEDIATE').run();
      this.statement('ROLLBACK').run();
      return true;
    } catch {
      return false;
    }
  }

  /** Lets the appends in hand commit (their callers get their answers), then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.committing.size > 0 || this.queued.length > 0) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        this.send();
      });
    }
    const writer = this.writer;
    this.writer = undefined;
    await writer?.terminate();
    this.sqlite.close();
  }
}
