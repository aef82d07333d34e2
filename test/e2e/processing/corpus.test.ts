import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import SqliteDatabase from 'better-sqlite3';
import { eventEnvelope, rawRequest, sampleEvent } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { sharedDir } from '../../helpers/shared-dir.js';

const corpusDir = sharedDir('corpus');

function corpusFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return corpusFiles(p);
    return d.name === 'README.md' ? [] : [p];
  });
}

/** Whether a file is one JSON object (a store body) rather than an envelope or other data. */
function isJsonObject(body: Buffer): boolean {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Points an envelope's own `dsn` header (recorded against someone else's server) at our project. */
function withOurDsn(body: Buffer, dsn: string): Buffer {
  const nl = body.indexOf(0x0a);
  try {
    const header = JSON.parse(body.subarray(0, nl === -1 ? body.length : nl).toString('utf8')) as Record<
      string,
      unknown
    >;
    if (typeof header.dsn !== 'string') return body;
    header.dsn = dsn;
    return Buffer.concat([
      Buffer.from(JSON.stringify(header)),
      nl === -1 ? Buffer.alloc(0) : body.subarray(nl),
    ]);
  } catch {
    return body;
  }
}

describe(
  'the shared corpus of real SDK payloads',
  { skip: !fs.existsSync(corpusDir) && 'no ../shared/corpus' },
  () => {
    let server: TestServer;
    let project: ProjectInfo;
    before(async () => {
      server = await startServer();
      project = await server.createProject('corpus');
    });
    after(async () => server.cleanup());

    test('every file is accepted or refused with a documented 4xx, and the worker parks nothing', async () => {
      const files = corpusFiles(corpusDir);
      assert.ok(files.length > 100, `expected the corpus, found ${files.length} files`);
      const answers = new Map<number, string[]>();
      for (const file of files) {
        const raw = fs.readFileSync(file);
        const endpoint = isJsonObject(raw) ? 'store' : 'envelope';
        const body = endpoint === 'envelope' ? withOurDsn(raw, project.dsn) : raw;
        const res = await rawRequest(
          `${server.url}/api/${project.id}/${endpoint}/?sentry_key=${project.publicKey}`,
          { body },
        );
        assert.ok([200, 400, 413].includes(res.status), `${file}: ${res.status} ${res.text}`);
        if (res.status !== 200) assert.equal(typeof res.json().detail, 'string');
        answers.set(res.status, [...(answers.get(res.status) ?? []), path.relative(corpusDir, file)]);
      }
      assert.ok(
        (answers.get(200)?.length ?? 0) > files.length * 0.8,
        `too few accepted: ${JSON.stringify([...answers])}`,
      );

      // The worker must get through all of it: nothing left, nothing parked.
      const spool = new SqliteDatabase(path.join(server.dataDir, 'intake.sqlite'), { readonly: true });
      try {
        const deadline = Date.now() + 30_000;
        let left = { pending: -1, parked: -1 };
        while (Date.now() < deadline) {
          left = spool
            .prepare(
              'SELECT SUM(parked_at IS NULL) AS pending, SUM(parked_at IS NOT NULL) AS parked FROM intake',
            )
            .get() as { pending: number; parked: number };
          if (!left.pending && !left.parked) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const errors = spool
          .prepare('SELECT last_error FROM intake WHERE last_error IS NOT NULL LIMIT 5')
          .all();
        assert.ok(
          !left.pending && !left.parked,
          `spool not drained: ${JSON.stringify(left)} ${JSON.stringify(errors)}`,
        );
      } finally {
        spool.close();
      }

      const ev = sampleEvent();
      const res = await rawRequest(
        `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}`,
        { body: eventEnvelope(ev) },
      );
      assert.equal(res.status, 200);
      await server.waitForEvent(project.id, String(ev.event_id));
    });
  },
);
