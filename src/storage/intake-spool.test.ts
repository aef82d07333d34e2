import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { IntakeSpool } from './intake-spool.js';

const record = (i: number) => ({
  projectId: 1,
  kind: 'store' as const,
  eventId: i.toString(16).padStart(32, '0'),
  receivedAt: 1,
  body: Buffer.from(`{"n":${i}}`),
});

describe('IntakeSpool pending count', () => {
  test('stays exact when recounts and removals race the writer’s acknowledgements', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-spool-'));
    const spool = new IntakeSpool(path.join(dir, 'intake.sqlite'));
    try {
      let removed = 0;
      let racing = true;
      // Recount and digest as fast as the event loop allows while appends are in flight.
      const race = (async () => {
        while (racing) {
          spool.recount();
          const claimed = spool.claim(7);
          spool.remove(claimed.map((r) => r.id));
          removed += claimed.length;
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      await Promise.all(Array.from({ length: 500 }, (_, i) => spool.append(record(i))));
      racing = false;
      await race;
      assert.equal(spool.pendingCount(), 500 - removed);
      spool.recount();
      assert.equal(spool.pendingCount(), 500 - removed);
    } finally {
      await spool.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
