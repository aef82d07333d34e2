import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { encodeFrameHeader } from './intake-frame.js';
import { isWriterAlive, parseSegmentName, segmentName } from './intake-log-writer.js';
import { intakeRecord } from './intake-record.fixture.js';
import { IntakeSpool, type IntakeRecord } from './intake-spool.js';

const frame = (r: IntakeRecord) => Buffer.concat([encodeFrameHeader(r), r.body]);
const segments = (spool: IntakeSpool) => fs.readdirSync(spool.logDir).filter((n) => n.endsWith('.seg'));
const bodies = (spool: IntakeSpool) => spool.claim(10_000).map((r) => r.body.toString());

describe('the intake log under the spool', () => {
  let dir: string;
  let file: string;
  const open: IntakeSpool[] = [];
  const spoolOf = (opts: { segmentBytes?: number } = {}) => {
    const s = new IntakeSpool(file, opts);
    open.push(s);
    return s;
  };
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-log-'));
    file = path.join(dir, 'intake.sqlite');
  });
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('hands every appended record to the digest once, in order, across segments', async () => {
    const spool = spoolOf({ segmentBytes: 300 });
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(Array.from({ length: 5 }, (_, i) => spool.append(intakeRecord(batch * 5 + i))));
    }
    assert.ok(segments(spool).length > 3, 'small segments rotate');
    assert.equal(spool.pendingCount(), 50);
    const rows = spool.claim(10_000);
    assert.deepEqual(
      rows.map((r) => r.body.toString()),
      Array.from({ length: 50 }, (_, i) => `{"n":${i}}`),
    );
    assert.deepEqual(rows[7]!.eventId, intakeRecord(7).eventId);
    // Rotated segments are finished and gone; the live writer's newest one stays.
    assert.equal(segments(spool).length, 1);
    spool.remove(rows.map((r) => r.id));
    spool.recount();
    assert.equal(spool.pendingCount(), 0);
    assert.deepEqual(bodies(spool), []);
  });

  test('a closed writer lets go of its lock, and its last segment is deleted once read', async () => {
    const writer = spoolOf();
    await writer.append(intakeRecord(1));
    const [segment] = segments(writer);
    const writerId = parseSegmentName(segment!)!.writerId;
    assert.equal(isWriterAlive(writer.logDir, writerId), true);
    await writer.close();
    assert.equal(isWriterAlive(writer.logDir, writerId), false);
    const digest = spoolOf();
    assert.deepEqual(bodies(digest), ['{"n":1}']);
    assert.deepEqual(segments(digest), []);
  });

  test('imports what a killed writer synced and drops the torn tail it left', () => {
    const spool = spoolOf();
    fs.mkdirSync(spool.logDir, { recursive: true });
    // A writer that died mid-write: no lock file holder, two whole records and half of a third.
    const torn = frame(intakeRecord(3));
    fs.writeFileSync(
      path.join(spool.logDir, segmentName('000000001-deadbeef', 1)),
      Buffer.concat([frame(intakeRecord(1)), frame(intakeRecord(2)), torn.subarray(0, torn.length - 3)]),
    );
    assert.deepEqual(bodies(spool), ['{"n":1}', '{"n":2}']);
    assert.deepEqual(segments(spool), []);
  });

  test('waits for a record a live writer is still writing, and takes it once complete', async () => {
    const spool = spoolOf();
    await spool.append(intakeRecord(1));
    const [segment] = segments(spool);
    const target = path.join(spool.logDir, segment!);
    const next = frame(intakeRecord(2));
    fs.appendFileSync(target, next.subarray(0, 10));
    assert.deepEqual(bodies(spool), ['{"n":1}']);
    assert.deepEqual(segments(spool), [segment]);
    fs.appendFileSync(target, next.subarray(10));
    assert.deepEqual(bodies(spool).sort(), ['{"n":1}', '{"n":2}']);
  });

  test('two importers on one spool import each record exactly once', async () => {
    const a = spoolOf();
    const b = spoolOf();
    await Promise.all(Array.from({ length: 300 }, (_, i) => a.append(intakeRecord(i))));
    for (let i = 0; i < 20; i++) {
      a.importLog();
      b.importLog();
    }
    const ids = a.claim(10_000).map((r) => r.eventId);
    assert.equal(ids.length, 300);
    assert.equal(new Set(ids).size, 300);
  });
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
      await Promise.all(Array.from({ length: 500 }, (_, i) => spool.append(intakeRecord(i))));
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
