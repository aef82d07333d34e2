/**
 * The digest benchmark's body, run in its own process pinned to one CPU by bench/digest.ts:
 * seeds a SQLite database with 100,000 events in 1,000 issues, then times normalize + group + store
 * (the real digestRecords, in the worker's batch transactions) for fresh realistic events. Prints JSON.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
// The source through tsx: it transpiles to the same JavaScript tsc emits, and needs no build first.
import { digestRecords } from '../src/processing/pipeline.js';
import { openDatabase } from '../src/storage/db.js';
import type { IntakeRow } from '../src/storage/intake-spool.js';
import { migrateToLatest } from '../src/storage/migrate.js';
import { createProject } from '../src/storage/projects.js';
import { IntakeSpool } from '../src/storage/intake-spool.js';
import { DigestLoop } from '../src/worker/digest-loop.js';
import { sql } from 'kysely';

const ISSUES = 1000;
const SEEDED_EVENTS = 100_000;
/** Events per measured round, and rounds. */
const MEASURED_EVENTS = Number(process.env.DIGEST_EVENTS ?? 10_000);
const ROUNDS = 3;

/** One measured round: a backlog of MEASURED_EVENTS drained by the live DigestLoop. */
export interface DigestRound {
  seconds: number;
  eventsPerSecond: number;
  /** User + system CPU time of this process over the round. */
  cpuSeconds: number;
  eventsPerCpuSecond: number;
  /** Records the DigestLoop handled, and in how many batches (its own size and time budgets). */
  drained: number;
  batches: number;
}

/** The JSON line this script prints (read by bench/digest.ts). */
export interface DigestFigures {
  seedSeconds: number;
  seededEvents: number;
  measuredEvents: number;
  avgEventBytes: number;
  rounds: DigestRound[];
  storedEvents: number;
  issues: number;
}

/** Seeding only: the measured run uses the worker's own batching. */
const SEED_BATCH = 200;

const FUNCS = [
  'computeTotal',
  'applyCoupon',
  'chargeCard',
  'loadCart',
  'renderRow',
  'fetchUser',
  'saveOrder',
  'parseBody',
];
const MODULES = ['checkout', 'cart', 'payment', 'user', 'orders', 'api', 'render', 'db'];

/** A ~4 KB Node error event of "bug" `bug` (0…ISSUES-1): same bug, same stack shape, new line numbers. */
function realisticEvent(bug: number, n: number): Record<string, unknown> {
  const frames = Array.from({ length: 14 }, (_, i) => {
    const inApp = i >= 9;
    const mod = MODULES[(bug + i) % MODULES.length]!;
    return inApp
      ? {
          filename: `/srv/app/src/${mod}/${mod}-${bug % 50}.js`,
          module: `${mod}-${bug % 50}`,
          function: `${FUNCS[(bug * 7 + i) % FUNCS.length]}${Math.floor(bug / 8)}`,
          lineno: 10 + ((n + i) % 300),
          colno: 5 + (i % 20),
          in_app: true,
          context_line: `    const total = order.items.reduce((a, b) => a + b.price, 0); // ${i}`,
          pre_context: ['  if (!order) {', '    throw new Error("no order");', '  }'],
          post_context: ['  return total;', '}'],
        }
      : {
          filename: `/srv/app/node_modules/express/lib/router/layer-${i}.js`,
          module: `express.lib.router.layer${i}`,
          function: `Layer.handle_request${i}`,
          lineno: 95 + i,
          colno: 5,
          in_app: false,
        };
  });
  return {
    event_id: `${bug.toString(16).padStart(8, '0')}${n.toString(16).padStart(24, '0')}`,
    timestamp: Date.now() / 1000 - (MEASURED_EVENTS * ROUNDS - n) / 100,
    platform: 'node',
    level: 'error',
    release: `shop@1.${bug % 5}.0`,
    environment: n % 3 === 0 ? 'staging' : 'production',
    server_name: `web-${n % 4}`,
    exception: {
      values: [
        {
          type: ['TypeError', 'RangeError', 'Error', 'ReferenceError'][bug % 4],
          value: `Cannot read properties of undefined (reading 'total') [order ${n}]`,
          stacktrace: { frames },
          mechanism: { type: 'onuncaughtexception', handled: false },
        },
      ],
    },
    breadcrumbs: {
      values: Array.from({ length: 12 }, (_, i) => ({
        timestamp: Date.now() / 1000 - 60 + i,
        category: i % 2 ? 'http' : 'console',
        level: 'info',
        message: `GET /api/cart/${n}/items?page=${i}`,
        data: { status_code: 200, method: 'GET' },
      })),
    },
    tags: {
      route: `/checkout/${bug % 10}`,
      browser: ['Chrome', 'Firefox', 'Safari'][n % 3],
      region: `eu-${n % 2}`,
      plan: n % 5 ? 'free' : 'pro',
    },
    user: { id: `user-${n % 5000}`, email: `user${n % 5000}@example.com` },
    contexts: {
      runtime: { name: 'node', version: 'v20.20.2' },
      os: { name: 'Linux', version: '6.1' },
      device: { arch: 'x64', memory_size: 25276063744 },
      app: { app_start_time: new Date().toISOString(), app_memory: 120860672 },
    },
    request: {
      url: `https://shop.example.com/checkout/${n}`,
      method: 'POST',
      headers: { 'User-Agent': 'Mozilla/5.0', Accept: 'application/json' },
    },
    sdk: { name: 'sentry.javascript.node', version: '11.12.0' },
  };
}

function asRow(id: number, projectId: number, event: Record<string, unknown>): IntakeRow {
  return {
    id,
    projectId,
    kind: 'store',
    eventId: String(event.event_id),
    receivedAt: Number(event.timestamp),
    body: Buffer.from(JSON.stringify(event)),
    attempts: 0,
  };
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-bench-digest-'));
  const database = openDatabase({ databaseUrl: undefined, dataDir });
  try {
    await migrateToLatest(database);
    const { project } = await createProject(database.db, { organizationSlug: 'bench', name: 'digest' });

    // Seed: one real event per bug creates the 1,000 issues; the other 99,000 rows are copies.
    const seedStart = performance.now();
    for (let b = 0; b < ISSUES; b += SEED_BATCH) {
      const seedRows: IntakeRow[] = [];
      for (let i = b; i < Math.min(ISSUES, b + SEED_BATCH); i++)
        seedRows.push(asRow(i, project.id, realisticEvent(i, 0)));
      await database.db.transaction().execute((tx) => digestRecords(tx, seedRows));
    }
    const template = await database.db.selectFrom('events').selectAll().limit(1).executeTakeFirstOrThrow();
    for (let done = ISSUES; done < SEEDED_EVENTS; done += 5000) {
      await database.db.transaction().execute(async (tx) => {
        for (let i = done; i < Math.min(SEEDED_EVENTS, done + 5000); i += 500) {
          await tx
            .insertInto('events')
            .values(
              Array.from({ length: 500 }, (_, k) => ({
                project_id: project.id,
                event_id: `5eed${(i + k).toString(16).padStart(28, '0')}`,
                type: template.type,
                platform: template.platform,
                level: template.level,
                title: template.title,
                timestamp: Number(template.timestamp) - 86400,
                received_at: Number(template.received_at) - 86400,
                release: template.release,
                environment: template.environment,
                data: template.data,
                issue_id: ((i + k) % ISSUES) + 1,
                grouping_hash: null,
              })),
            )
            .execute();
        }
      });
    }
    await sql`UPDATE issues SET times_seen = times_seen + ${(SEEDED_EVENTS - ISSUES) / ISSUES}`.execute(
      database.db,
    );
    const seedSeconds = (performance.now() - seedStart) / 1000;

    // Measure: fresh events of the same bugs, acknowledged into the intake spool first (not timed),
    // then drained by the live worker's DigestLoop with its own batch and time budgets — claim,
    // normalize, group, store, and remove from the spool, as a running server does. Several rounds:
    // on a shared machine one round can be slowed by a neighbour; the median is the figure.
    const spool = new IntakeSpool(path.join(dataDir, 'intake.sqlite'));
    const rounds: DigestRound[] = [];
    let bytes = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const first = ISSUES + round * MEASURED_EVENTS;
      const rows = Array.from({ length: MEASURED_EVENTS }, (_, k) => {
        const n = round * MEASURED_EVENTS + k;
        return asRow(first + k, project.id, realisticEvent(n % ISSUES, n + 1));
      });
      await Promise.all(rows.map(({ id: _id, attempts: _attempts, ...record }) => spool.append(record)));
      bytes += rows.reduce((a, r) => a + r.body.length, 0);
      let batches = 0;
      const loop = new DigestLoop(database, spool, { onBatch: () => batches++ });
      const t0 = performance.now();
      // CPU time of this process (user + system): a per-core figure that other load on the machine
      // does not dilute the way it dilutes wall-clock time. SQLite runs on this thread, so it counts.
      const cpu0 = process.cpuUsage();
      const drained = await loop.drain();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      rounds.push({
        seconds,
        eventsPerSecond: drained / seconds,
        cpuSeconds,
        eventsPerCpuSecond: drained / cpuSeconds,
        drained,
        batches,
      });
    }
    await spool.close();
    const counts = await database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const issues = await database.db
      .selectFrom('issues')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const figures: DigestFigures = {
      seedSeconds,
      seededEvents: SEEDED_EVENTS,
      measuredEvents: MEASURED_EVENTS * ROUNDS,
      avgEventBytes: Math.round(bytes / (MEASURED_EVENTS * ROUNDS)),
      rounds,
      storedEvents: Number(counts.n),
      issues: Number(issues.n),
    };
    console.log(JSON.stringify(figures));
  } finally {
    await database.db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
