import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/**
 * A snapshot of the SQLite database and the intake spool (its log segments, then its table), taken
 * with SQLite's online backup API, so it is safe while the server runs and writes. Each part is
 * copied before the one its data moves on to (log → spool table → database): a record on the move
 * is then in two parts of the backup, which the digest's unique event ids fold into one, rather than
 * in none. Returns the files written.
 */
export async function backupSqlite(dataDir: string, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  const logDir = path.join(dataDir, 'intake-log');
  if (fs.existsSync(logDir)) {
    fs.mkdirSync(path.join(outDir, 'intake-log'), { recursive: true });
    for (const name of fs.readdirSync(logDir).filter((n) => n.endsWith('.seg'))) {
      const target = path.join(outDir, 'intake-log', name);
      try {
        fs.copyFileSync(path.join(logDir, name), target);
        written.push(target);
      } catch (err) {
        // Imported and deleted since the directory was read: it is in the spool table now.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
  }
  for (const name of ['intake.sqlite', 'faultline.sqlite']) {
    const source = path.join(dataDir, name);
    if (!fs.existsSync(source)) continue;
    const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true });
    try {
      const target = path.join(outDir, name);
      await db.backup(target);
      written.push(target);
    } finally {
      db.close();
    }
  }
  return written;
}
