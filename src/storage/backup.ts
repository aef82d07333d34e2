import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';

/**
 * A consistent snapshot of the SQLite database and the intake spool, taken with SQLite's online
 * backup API, so it is safe while the server runs and writes. Returns the files written.
 */
export async function backupSqlite(dataDir: string, outDir: string): Promise<string[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const written: string[] = [];
  for (const name of ['faultline.sqlite', 'intake.sqlite']) {
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
