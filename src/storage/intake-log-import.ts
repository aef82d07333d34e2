import fs from 'node:fs';
import path from 'node:path';
import type SqliteDatabase from 'better-sqlite3';
import { decodeFrame, FRAME_HEADER_BYTES } from './intake-frame.js';
import { isWriterAlive, parseSegmentName } from './intake-log-writer.js';

/** Bytes read per step: enough for hundreds of events, small enough to keep the event loop's pause short. */
const READ_BYTES = 1024 * 1024;
/** No intake record is larger (the decoded body caps are far below); a longer length is corruption. */
const MAX_BODY_BYTES = 1024 * 1024 * 1024;
/** How long a "this writer is alive" answer is trusted before its lock is probed again. */
const ALIVE_FOR_MS = 1000;

export const CURSOR_SCHEMA = `
  CREATE TABLE IF NOT EXISTS intake_log_cursor (
    segment TEXT PRIMARY KEY,
    offset INTEGER NOT NULL,
    records INTEGER NOT NULL
  );
`;

/**
 * Moves records from the intake log's segments (intake-log-writer.ts) into the spool's `intake`
 * table, where the digest claims, retries and parks them. The rows and the segment's read position
 * are written in one transaction, so a record is imported exactly once whatever stops the process;
 * two importers (a server and a worker on one data dir) take turns on SQLite's write lock. A segment
 * is deleted once it is read to its end and finished: its writer has moved on to a later segment,
 * or is gone (its tail, cut off by a crash, was never acknowledged).
 */
export class IntakeLogImporter {
  private readonly alive = new Map<string, number>();
  private readonly getCursor: SqliteDatabase.Statement;
  private readonly putCursor: SqliteDatabase.Statement;
  private readonly dropCursor: SqliteDatabase.Statement;
  private readonly insert: SqliteDatabase.Statement;

  constructor(
    private readonly sqlite: SqliteDatabase.Database,
    private readonly dir: string,
    /** The writer in this process, alive by definition. */
    private readonly ownWriter: () => string | undefined,
  ) {
    sqlite.exec(CURSOR_SCHEMA);
    this.getCursor = sqlite.prepare('SELECT offset, records FROM intake_log_cursor WHERE segment = ?');
    this.putCursor = sqlite.prepare(
      `INSERT INTO intake_log_cursor (segment, offset, records) VALUES (?, ?, ?)
         ON CONFLICT (segment) DO UPDATE SET offset = excluded.offset, records = excluded.records`,
    );
    this.dropCursor = sqlite.prepare('DELETE FROM intake_log_cursor WHERE segment = ?');
    this.insert = sqlite.prepare(
      'INSERT INTO intake (project_id, kind, event_id, received_at, body) VALUES (?, ?, ?, ?, ?)',
    );
  }

  /** The segment files present, oldest first. */
  segments(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    return names.filter((n) => parseSegmentName(n) !== undefined).sort();
  }

  /** Records imported so far from a segment (0 before the first). */
  importedFrom(segment: string): number {
    return (this.getCursor.get(segment) as { records: number } | undefined)?.records ?? 0;
  }

  /**
   * Imports what is there, up to about `budgetBytes` and `maxRecords` (each insert is some microseconds
   * of the caller's event loop); returns how many it imported.
   */
  run(budgetBytes = READ_BYTES, maxRecords = Infinity): number {
    const segments = this.segments();
    let imported = 0;
    let budget = budgetBytes;
    for (let i = 0; i < segments.length && budget > 0 && imported < maxRecords; i++) {
      const name = segments[i]!;
      for (;;) {
        const step = this.importFrom(name, budget, maxRecords - imported);
        imported += step.records;
        budget -= step.bytes;
        if (step.atEnd) {
          if (this.isFinished(name, segments[i + 1])) this.remove(name);
          break;
        }
        // Unreadable just now (another importer deleted it, say), or the budget is spent.
        if (step.records === 0 || budget <= 0 || imported >= maxRecords) break;
      }
    }
    return imported;
  }

  /** One read and one transaction; `atEnd` when nothing more is readable in the segment for now. */
  private importFrom(
    name: string,
    budget: number,
    maxRecords: number,
  ): { records: number; bytes: number; atEnd: boolean } {
    const file = path.join(this.dir, name);
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch {
      return { records: 0, bytes: 0, atEnd: false };
    }
    try {
      // Most calls find nothing new: settle that without taking SQLite's write lock.
      const known = this.getCursor.get(name) as { offset: number } | undefined;
      if (fs.fstatSync(fd).size <= (known?.offset ?? 0)) return { records: 0, bytes: 0, atEnd: true };
      return this.sqlite
        .transaction(() => {
          const cursor = (this.getCursor.get(name) as { offset: number; records: number } | undefined) ?? {
            offset: 0,
            records: 0,
          };
          const size = fs.fstatSync(fd).size;
          if (size <= cursor.offset) return { records: 0, bytes: 0, atEnd: true };
          let length = Math.min(size - cursor.offset, Math.max(budget, FRAME_HEADER_BYTES));
          let bytes = readAt(fd, cursor.offset, length);
          // A record longer than the budget is read whole on its own.
          if (bytes.length >= 4) {
            const first = 4 + bytes.readUInt32LE(0);
            if (
              first > bytes.length &&
              first <= size - cursor.offset &&
              first - FRAME_HEADER_BYTES <= MAX_BODY_BYTES
            ) {
              length = first;
              bytes = readAt(fd, cursor.offset, length);
            }
          }
          let at = 0;
          let records = 0;
          while (records < maxRecords) {
            const frame = decodeFrame(bytes, at, MAX_BODY_BYTES);
            if (!frame) break;
            const r = frame.record;
            this.insert.run(r.projectId, r.kind, r.eventId, r.receivedAt, r.body);
            at = frame.end;
            records++;
          }
          if (records > 0) this.putCursor.run(name, cursor.offset + at, cursor.records + records);
          // Nothing readable where the segment stands: a record still being written, or (in a
          // finished segment) the torn tail of a write that failed or was cut off, never acknowledged.
          // The first record is always read whole, so a short read window is never mistaken for it.
          const atEnd = records === 0 || cursor.offset + at >= size;
          // (A stop at maxRecords has records > 0 and is not mistaken for the end.)
          return { records, bytes: at, atEnd };
        })
        .immediate();
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Whether the segment will never grow: a later one of its writer exists, or its writer is gone. */
  private isFinished(name: string, next: string | undefined): boolean {
    const own = parseSegmentName(name)!;
    if (next !== undefined && parseSegmentName(next)!.writerId === own.writerId) return true;
    if (own.writerId === this.ownWriter()) return false;
    const seen = this.alive.get(own.writerId);
    if (seen !== undefined && Date.now() - seen < ALIVE_FOR_MS) return false;
    if (isWriterAlive(this.dir, own.writerId)) {
      this.alive.set(own.writerId, Date.now());
      return false;
    }
    this.alive.delete(own.writerId);
    return true;
  }

  /** The file first, then its cursor: a cursor without a file is harmless, the reverse would re-import. */
  private remove(name: string): void {
    fs.rmSync(path.join(this.dir, name), { force: true });
    this.dropCursor.run(name);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/**
 * Records in the log not yet imported, counted by walking frame lengths from each segment's read
 * position (headers only; a torn tail is not counted). For the bench's drain check: it reads every
 * frame header, so it is not for the hot path. `cursors`: each segment's imported offset.
 */
export function countLogRecords(dir: string, cursors: ReadonlyMap<string, number>): number {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => parseSegmentName(n) !== undefined);
  } catch {
    return 0;
  }
  let count = 0;
  const header = Buffer.alloc(4);
  for (const name of names) {
    let fd: number;
    try {
      fd = fs.openSync(path.join(dir, name), 'r');
    } catch {
      continue;
    }
    try {
      const size = fs.fstatSync(fd).size;
      let at = cursors.get(name) ?? 0;
      while (at + FRAME_HEADER_BYTES <= size && fs.readSync(fd, header, 0, 4, at) === 4) {
        const end = at + 4 + header.readUInt32LE(0);
        if (end > size || end - at < FRAME_HEADER_BYTES) break;
        count++;
        at = end;
      }
    } finally {
      fs.closeSync(fd);
    }
  }
  return count;
}

/** Each segment's imported offset, from the spool file's cursor table (empty before the first import). */
export function readCursors(sqlite: SqliteDatabase.Database): Map<string, number> {
  const exists = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'intake_log_cursor'")
    .get();
  if (!exists) return new Map();
  const rows = sqlite.prepare('SELECT segment, offset FROM intake_log_cursor').all() as {
    segment: string;
    offset: number;
  }[];
  return new Map(rows.map((r) => [r.segment, r.offset]));
}
