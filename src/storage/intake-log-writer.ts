import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { encodeFrameHeader } from './intake-frame.js';
import type { IntakeRecord } from './intake-spool.js';

/** A new segment is started past this size, so digested data can be deleted a file at a time. */
export const SEGMENT_BYTES = 64 * 1024 * 1024;

/** `<writer>-<6-digit number>.seg`; writer ids sort by start time, so names sort in append order. */
export function segmentName(writerId: string, n: number): string {
  return `${writerId}-${String(n).padStart(6, '0')}.seg`;
}

/** The writer id and number of a segment file name, or undefined for any other file. */
export function parseSegmentName(name: string): { writerId: string; n: number } | undefined {
  const m = /^([0-9a-z]{9}-[0-9a-f]{8})-(\d{6})\.seg$/.exec(name);
  return m ? { writerId: m[1]!, n: Number(m[2]) } : undefined;
}

export function lockName(writerId: string): string {
  return `${writerId}.lock`;
}

/** What a batch learns when its bytes are in the file, and again when they are on disk (or not). */
export interface LogBatch {
  records: IntakeRecord[];
  /** The bytes are written (readable by an importer), in this segment. */
  written(segment: string): void;
  /** The bytes are on disk (error undefined), or could not be written or synced. */
  settled(error: Error | undefined): void;
}

/**
 * Appends intake records to segment files, one `writev` per batch, and acknowledges a batch once an
 * `fdatasync` that began after its write has returned. Both run on libuv's thread pool, so the event
 * loop pays a few microseconds per batch; the one write in flight and the one sync in flight overlap,
 * so the rate is not bound by the sync's latency (group commit).
 *
 * While it lives, the writer holds an exclusive SQLite lock on `<id>.lock` beside its segments: the
 * OS releases it when the process ends however it ends, which is how an importer tells the newest
 * segment of a dead writer (finished, whatever its tail holds) from one still being written.
 */
export class IntakeLogWriter {
  readonly writerId = `${Date.now().toString(36).padStart(9, '0')}-${randomBytes(4).toString('hex')}`;
  private lock: SqliteDatabase.Database | undefined;
  private fd: number | undefined;
  private segment = '';
  private segmentNumber = 0;
  private position = 0;
  /** Set after a failed write or sync: the file's tail cannot be trusted, so the next batch starts a new one. */
  private broken = false;
  private opening = false;
  private waiting: LogBatch[] = [];
  private writing = false;
  private unsynced: LogBatch[] = [];
  private syncing = false;
  private idle: (() => void) | undefined;

  constructor(
    private readonly dir: string,
    private readonly segmentBytes = SEGMENT_BYTES,
  ) {}

  /** Queues a batch; it is written with whatever else is queued when the file is next free. */
  append(batch: LogBatch): void {
    this.waiting.push(batch);
    this.pump();
  }

  /** Nothing queued, being written or being synced. */
  get isIdle(): boolean {
    return this.waiting.length === 0 && !this.writing && this.unsynced.length === 0 && !this.syncing;
  }

  private pump(): void {
    if (this.writing || this.opening || this.waiting.length === 0) return;
    if (this.fd === undefined || this.broken || this.position >= this.segmentBytes) {
      // A new segment only once everything written to the current one is synced: an importer may
      // finish a segment as soon as a later one of the same writer exists.
      if (this.unsynced.length === 0 && !this.syncing) this.openNext();
      return;
    }
    const batches = this.waiting;
    this.waiting = [];
    const chunks: Buffer[] = [];
    let bytes = 0;
    try {
      for (const b of batches) {
        for (const r of b.records) {
          const header = encodeFrameHeader(r);
          chunks.push(header, r.body);
          bytes += header.length + r.body.length;
        }
      }
    } catch (err) {
      for (const b of batches) b.settled(err as Error);
      return this.pump();
    }
    const fd = this.fd;
    const segment = this.segment;
    this.writing = true;
    fs.writev(fd, chunks, this.position, (err, written) => {
      this.writing = false;
      const failure =
        err ?? (written === bytes ? undefined : new Error(`short write (${written} of ${bytes} bytes)`));
      if (failure) {
        this.broken = true;
        for (const b of batches) b.settled(failure);
      } else {
        this.position += bytes;
        for (const b of batches) b.written(segment);
        this.unsynced.push(...batches);
        this.sync();
      }
      this.pump();
      this.checkIdle();
    });
  }

  private sync(): void {
    if (this.syncing || this.unsynced.length === 0 || this.fd === undefined) return;
    const batches = this.unsynced;
    this.unsynced = [];
    this.syncing = true;
    fs.fdatasync(this.fd, (err) => {
      this.syncing = false;
      if (err) this.broken = true;
      for (const b of batches) b.settled(err ?? undefined);
      this.sync();
      this.pump();
      this.checkIdle();
    });
  }

  /** Closes the current segment (if any) and creates the next, durably (the directory is synced too). */
  private openNext(): void {
    this.opening = true;
    const previous = this.fd;
    this.fd = undefined;
    const fail = (err: Error) => {
      this.opening = false;
      const batches = this.waiting;
      this.waiting = [];
      for (const b of batches) b.settled(err);
      this.checkIdle();
    };
    try {
      if (previous !== undefined) fs.closeSync(previous);
      this.takeLock();
    } catch (err) {
      return fail(err as Error);
    }
    const name = segmentName(this.writerId, ++this.segmentNumber);
    fs.open(path.join(this.dir, name), 'wx', (err, fd) => {
      if (err) return fail(err);
      fs.open(this.dir, 'r', (dirErr, dirFd) => {
        if (dirErr) {
          fs.closeSync(fd);
          return fail(dirErr);
        }
        fs.fsync(dirFd, (syncErr) => {
          fs.close(dirFd, () => undefined);
          if (syncErr) {
            fs.closeSync(fd);
            return fail(syncErr);
          }
          this.fd = fd;
          this.segment = name;
          this.position = 0;
          this.broken = false;
          this.opening = false;
          this.pump();
        });
      });
    });
  }

  /** Whether a new segment could be created in the log's directory right now. */
  canWrite(): boolean {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.accessSync(this.dir, fs.constants.W_OK);
      return !this.broken;
    } catch {
      return false;
    }
  }

  /** Taken with the first segment, so a process that never appends leaves nothing behind. */
  private takeLock(): void {
    if (this.lock) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const lock = new SqliteDatabase(path.join(this.dir, lockName(this.writerId)));
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE');
    this.lock = lock;
  }

  private checkIdle(): void {
    if (this.isIdle && !this.opening) this.idle?.();
  }

  /** Waits for the batches in hand to settle, then closes the segment and lets go of the lock. */
  async close(): Promise<void> {
    if (!this.isIdle || this.opening) await new Promise<void>((resolve) => (this.idle = resolve));
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    if (this.lock) {
      this.lock.close();
      this.lock = undefined;
      // No lock file: the importer knows at once that this writer's segments are finished.
      fs.rmSync(path.join(this.dir, lockName(this.writerId)), { force: true });
    }
  }
}

/** Whether the writer that owns segments named after `writerId` is still running (holds its lock). */
export function isWriterAlive(dir: string, writerId: string): boolean {
  const file = path.join(dir, lockName(writerId));
  if (!fs.existsSync(file)) return false;
  let probe: SqliteDatabase.Database | undefined;
  try {
    probe = new SqliteDatabase(file, { fileMustExist: true, timeout: 0 });
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('ROLLBACK');
  } catch (err) {
    // Busy: the writer holds it. Anything else (a removed or unreadable lock file): nobody does.
    return (err as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    probe?.close();
  }
  fs.rmSync(file, { force: true });
  return false;
}
