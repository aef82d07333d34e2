import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { createMetrics, type FaultlineMetrics } from './api/metrics.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { closeDatabase, openDatabase, type Database } from './storage/db.js';
import { IntakeSpool } from './storage/intake-spool.js';
import { OutcomeRecorder } from './storage/outcomes.js';
import { migrateToLatest } from './storage/migrate.js';
import { countUsers, createUser } from './storage/users.js';
import { DigestLoop } from './worker/digest-loop.js';
import { DigestPacer } from './worker/digest-pacer.js';
import { scheduleRetention } from './worker/retention.js';
import { TagHealthJob } from './worker/tag-health-job.js';
import { scheduleTagProbes } from './worker/tag-probes.js';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  database: Database;
  spool: IntakeSpool;
  worker: DigestLoop | undefined;
  /** Stops accepting, drains in-flight requests, stops the worker, closes storage. */
  close(): Promise<void>;
}

/** The jobs of a process that digests: the digest loop, tag health, tag probes, retention. */
interface Background {
  worker: DigestLoop;
  stop(): Promise<void>;
}

function startBackground(opts: {
  database: Database;
  spool: IntakeSpool;
  log: Pick<FastifyBaseLogger, 'warn' | 'error'>;
  metrics?: FaultlineMetrics;
  pacer?: DigestPacer;
  pollMs?: number;
}): Background {
  const { database, spool, log, metrics, pacer } = opts;
  // Tag-monitoring health rules: every minute, and soon after a site's data is folded.
  const tagHealth = new TagHealthJob(database.db, (err) =>
    log.error({ err }, 'tag health evaluation failed'),
  );
  tagHealth.start();
  const stopTagProbes = scheduleTagProbes(database.db, (err) => log.error({ err }, 'tag probes failed'));
  const worker = new DigestLoop(database, spool, {
    ...(opts.pollMs ? { pollMs: opts.pollMs } : {}),
    ...(pacer ? { beforeBatch: () => pacer.beforeBatch() } : {}),
    onBatch: (_n, seconds) => {
      pacer?.noteBatch(seconds);
      metrics?.digestBatchSeconds.observe(seconds);
    },
    onOutcome: (row, o) => {
      if (row.kind === 'tags') tagHealth.markDirty(row.projectId);
      metrics?.digestEvents.inc({ result: 'stored' }, o.events);
      metrics?.digestEvents.inc({ result: 'duplicate' }, o.duplicates);
      metrics?.digestEvents.inc({ result: 'dropped' }, o.dropped.length);
    },
    onError: (row, err, fate) =>
      log.warn({ intakeId: row.id, eventId: row.eventId, fate, error: err.message }, 'digest failed'),
  });
  worker.start();
  const stopRetention = scheduleRetention(database, (err) => log.error({ err }, 'retention failed'));
  return {
    worker,
    async stop() {
      await worker.stop();
      stopRetention();
      stopTagProbes();
      await tagHealth.stop();
    },
  };
}

/** Opens storage, migrates, starts the HTTP server and (unless FAULTLINE_WORKER=off) the digest. */
export async function startServer(config: Config): Promise<RunningServer> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const spool = new IntakeSpool(config.intakePath);
  const outcomes = new OutcomeRecorder();
  const metrics = createMetrics(spool);
  const app = await buildApp({ config, database, spool, outcomes, metrics });
  // Outcome counts are written in batches; a failed write keeps them for the next attempt.
  const outcomeTimer = setInterval(() => void outcomes.flush(database.db).catch(() => undefined), 5000);
  outcomeTimer.unref();
  // The backlog count ingest sheds load by is kept in memory, from appends and removals. A worker
  // process drains the spool unseen, so it is read back every second (an index range count, and the
  // log's read positions).
  const recountTimer = setInterval(() => spool.recount(), 1000);
  recountTimer.unref();

  // In the same process, the digest shares the event loop with ingest, which comes first.
  const pacer = config.runWorker ? new DigestPacer() : undefined;
  if (pacer) spool.onAppend(() => pacer.noteIngest());
  const background = config.runWorker
    ? startBackground({ database, spool, log: app.log, metrics, pacer })
    : undefined;

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.publicUrl.replace(/:\d+$/, `:${port}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    app,
    database,
    spool,
    worker: background?.worker,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await background?.stop();
        clearInterval(outcomeTimer);
        clearInterval(recountTimer);
        await outcomes.flush(database.db).catch(() => undefined);
        await spool.close();
        await closeDatabase(database);
      })()),
  };
}

export interface RunningWorker {
  database: Database;
  spool: IntakeSpool;
  worker: DigestLoop;
  /** Finishes the digest batch in hand, stops the jobs, closes storage. */
  close(): Promise<void>;
}

/**
 * The digest in a process of its own (`faultline worker`), draining the spool of a `faultline serve`
 * started with FAULTLINE_WORKER=off on the same data dir: the OS then shares the CPU between ingest
 * and digest, and the digest can be given a lower priority (`nice`). No HTTP.
 */
export async function startWorker(config: Config): Promise<RunningWorker> {
  const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await migrateToLatest(database);
  const spool = new IntakeSpool(config.intakePath);
  // Appends happen in the other process, so no append wakes this digest: it looks every 100 ms.
  const background = startBackground({ database, spool, log: pino({ level: config.logLevel }), pollMs: 100 });
  let closing: Promise<void> | undefined;
  return {
    database,
    spool,
    worker: background.worker,
    close: () =>
      (closing ??= (async () => {
        await background.stop();
        await spool.close();
        await closeDatabase(database);
      })()),
  };
}

/** First start: create the admin from the environment, or say how to create the first user. */
export async function firstStartMessage(config: Config, server: RunningServer): Promise<string[]> {
  const lines = [`Faultline is listening on ${server.url}`, `  storage: ${server.database.location}`];
  if ((await countUsers(server.database.db)) > 0) return lines;
  if (config.adminEmail && config.adminPassword) {
    await createUser(server.database.db, {
      email: config.adminEmail,
      password: config.adminPassword,
      superuser: true,
    });
    lines.push(
      `  created the first user ${config.adminEmail}: log in at ${server.url}/ with FAULTLINE_ADMIN_PASSWORD`,
    );
  } else {
    lines.push(
      '  no users yet. Create the first one and a project:',
      '    npx faultline user create --email you@example.com --password "a long password" --superuser',
      '    npx faultline project create --org my-org --name my-app --platform node',
      `  then log in at ${server.url}/ and point your SDK's DSN at the printed DSN`,
      '  (or start with FAULTLINE_ADMIN_EMAIL and FAULTLINE_ADMIN_PASSWORD set to create the user).',
    );
  }
  return lines;
}
