import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { backupSqlite } from './backup.js';
import { intakeRecord } from './intake-record.fixture.js';
import { IntakeSpool } from './intake-spool.js';

test('a backup holds what the spool acknowledged, imported or still in the log', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-backup-'));
  const dataDir = path.join(root, 'data');
  const outDir = path.join(root, 'out');
  const spool = new IntakeSpool(path.join(dataDir, 'intake.sqlite'));
  try {
    await Promise.all([1, 2].map((i) => spool.append(intakeRecord(i))));
    spool.importLog();
    await spool.append(intakeRecord(3));
    await backupSqlite(dataDir, outDir);
  } finally {
    await spool.close();
  }
  const restored = new IntakeSpool(path.join(outDir, 'intake.sqlite'));
  try {
    assert.deepEqual(
      restored.claim(100).map((r) => r.body.toString()),
      ['{"n":1}', '{"n":2}', '{"n":3}'],
    );
  } finally {
    await restored.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
});
