/**
 * Issue search: how long the issue list takes to answer a search on SQLite, with 100,000 events in
 * 1,000 issues digested by the real pipeline. Times the storage work of
 * `GET /api/0/projects/{org}/{project}/issues/` — the keyset page, the `X-Hits` count and the 24-hour
 * stats of the page — for a few searches. The target is p95 < 200 ms for a search with filters
 * and free text.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchContext } from './lib/bench-context.js';
import { formatCount, formatMs, printHeading, printTable } from './lib/table.js';
import { parseSearch } from '../src/api/issues/parse-search.js';
import { digestRecord } from '../src/processing/pipeline.js';
import { openDatabase, type Database } from '../src/storage/db.js';
import { issueEventSeries } from '../src/storage/event-stats.js';
import {
  countIssues,
  searchIssues,
  type IssueListQuery,
  type IssueSort,
} from '../src/storage/issue-query.js';
import { setIssueStatus } from '../src/storage/issues.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { createProject } from '../src/storage/projects.js';

const ISSUES = 1000;
const EVENTS_PER_ISSUE = 100;
const BATCH = 500;
const RUNS = 100;
const TARGET_P95_MS = 200;

const BROWSERS = ['Chrome', 'Chrome', 'Chrome', 'Firefox', 'Safari'];
const LEVELS = ['error', 'error', 'error', 'warning', 'fatal'];
const WORDS = ['checkout', 'payment', 'inventory', 'search', 'login', 'profile', 'cart', 'shipping'];

/** A realistic event of issue `i`: its own fingerprint, a title mentioning a feature, tags and a user. */
function eventOf(i: number, n: number, now: number): Record<string, unknown> {
  const word = WORDS[i % WORDS.length]!;
  return {
    event_id: randomUUID().replace(/-/g, ''),
    // Spread over the last week, so the 24-hour stats read a realistic slice.
    timestamp: now - ((i * 7919 + n * 104_729) % (7 * 86400)),
    platform: 'javascript',
    level: LEVELS[i % LEVELS.length],
    release: `shop@1.${i % 4}.${n % 3}`,
    environment: n % 5 === 0 ? 'staging' : 'production',
    fingerprint: [`bench-${i}`],
    exception: {
      values: [
        {
          type: i % 2 ? 'TypeError' : 'Error',
          value: `${word} failed in step ${i}`,
          stacktrace: {
            frames: [
              {
                filename: `app:///src/${word}.js`,
                function: `handle${word}`,
                lineno: 10 + (i % 50),
                in_app: true,
              },
            ],
          },
        },
      ],
    },
    tags: { browser: BROWSERS[(i + n) % BROWSERS.length], route: `/${word}` },
    user: { id: `u-${(i * 31 + n) % 500}` },
  };
}

async function seed(database: Database): Promise<{ projectId: number; seconds: number }> {
  const { project } = await createProject(database.db, { organizationSlug: 'bench', name: 'shop' });
  const now = Date.now() / 1000;
  const started = performance.now();
  let rowId = 0;
  const total = ISSUES * EVENTS_PER_ISSUE;
  for (let done = 0; done < total; done += BATCH) {
    await database.db.transaction().execute(async (tx) => {
      for (let k = done; k < Math.min(total, done + BATCH); k++) {
        // Interleaved, as traffic arrives: event n of every issue before event n+1 of any.
        const i = k % ISSUES;
        const n = Math.floor(k / ISSUES);
        const event = eventOf(i, n, now);
        await digestRecord(tx, {
          id: ++rowId,
          attempts: 0,
          projectId: project.id,
          kind: 'store',
          eventId: String(event.event_id),
          receivedAt: now,
          body: Buffer.from(JSON.stringify(event)),
        });
      }
    });
  }
  // A fifth of the issues resolved and a tenth ignored, as a live project's are.
  const ids = await database.db
    .selectFrom('issues')
    .select('id')
    .where('project_id', '=', project.id)
    .execute();
  for (const [k, r] of ids.entries()) {
    if (k % 5 === 0) await setIssueStatus(database.db, Number(r.id), 'resolved', 'ongoing', {}, now);
    else if (k % 10 === 1)
      await setIssueStatus(database.db, Number(r.id), 'ignored', 'archived_forever', {}, now);
  }
  return { projectId: project.id, seconds: (performance.now() - started) / 1000 };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The storage work of one list request: page, hit count and the page's 24-hour stats. */
async function listOnce(database: Database, q: IssueListQuery, sort: IssueSort): Promise<number> {
  const page = await searchIssues(database.db, q, sort, { isPrev: false, limit: 100 });
  await countIssues(database.db, q);
  const now = Date.now() / 1000;
  await issueEventSeries(
    database.db,
    page.rows.map((r) => r.id),
    now - 23 * 3600,
    now,
    3600,
  );
  return page.rows.length;
}

/** Seeds a fresh SQLite database through the digest, then times list requests with searches. */
export async function benchIssueSearch(_ctx: BenchContext): Promise<void> {
  printHeading('Issue search (SQLite, storage work of one list request)');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-search-'));
  const database = openDatabase({ databaseUrl: undefined, dataDir });
  try {
    await migrateToLatest(database);
    console.log(
      `seeding ${formatCount(ISSUES * EVENTS_PER_ISSUE)} events in ${formatCount(ISSUES)} issues …`,
    );
    const { projectId, seconds } = await seed(database);
    console.log(
      `seeded in ${seconds.toFixed(1)} s (${formatCount((ISSUES * EVENTS_PER_ISSUE) / seconds)} events/s through digestRecord)`,
    );
    const searches: [string, IssueSort][] = [
      ['is:unresolved', 'date'],
      ['is:unresolved level:error browser:Chrome checkout', 'date'],
      ['is:unresolved level:error browser:Chrome checkout', 'freq'],
      ['is:unresolved environment:production release:shop@1.2.1 has:user', 'new'],
      ['user.id:u-42 times_seen:>50 lastSeen:-24h', 'user'],
    ];
    const rows: string[][] = [];
    for (const [query, sort] of searches) {
      const q: IssueListQuery = {
        projectIds: [projectId],
        search: parseSearch(query),
        now: Date.now() / 1000,
      };
      let found = 0;
      for (let w = 0; w < 5; w++) found = await listOnce(database, q, sort);
      const times: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        const t0 = performance.now();
        await listOnce(database, q, sort);
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      rows.push([
        query,
        sort,
        String(found),
        formatMs(percentile(times, 50)),
        formatMs(percentile(times, 95)),
      ]);
    }
    console.log('');
    printTable(['search', 'sort', 'rows', 'p50', 'p95'], rows);
    console.log(
      `\ntarget: p95 < ${TARGET_P95_MS} ms per list request; ${RUNS} runs each after 5 warm-up runs`,
    );
  } finally {
    await database.db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
