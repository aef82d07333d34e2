import type { FastifyInstance } from 'fastify';
import { createMetrics } from './api/metrics.js';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { closeDatabase, openDatabase, type Database } from './storage/db.js';
import { IntakeSpool } from './storage/intake-spool.js';
import { OutcomeRecorder } from './storage/outcomes.js';
import { migrateToLatest } from './storage/migrate.js';
import { countUsers, createUser } from './storage/users.js';
import { DigestLoop } from './worker/digest-loop.js';
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

/** Opens storage, migrates, starts the HTTP server and the digest worker. */
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

  // Tag-monitoring health rules: every minute, and soon after a site's data is folded.
  const tagHealth = config.runWorker
    ? new TagHealthJob(database.db, (err) => app.log.error({ err }, 'tag health evaluation failed'))
    : undefined;
  tagHealth?.start();
  const stopTagProbes = config.runWorker
    ? scheduleTagProbes(database.db, (err) => app.log.error({ err }, 'tag probes failed'))
    : () => undefined;
  const worker = config.runWorker
    ? new DigestLoop(database, spool, {
        onBatch: (_n, seconds) => metrics.digestBatchSeconds.observe(seconds),
        onOutcome: (row, o) => {
          if (row.kind === 'tags') tagHealth?.markDirty(row.projectId);
          metrics.digestEvents.inc({ result: 'stored' }, o.events);
          metrics.digestEvents.inc({ result: 'duplicate' }, o.duplicates);
          metrics.digestEvents.inc({ result: 'dropped' }, o.dropped.length);
        },
        onError: (row, err, fate) =>
          app.log.warn({ intakeId: row.id, eventId: row.eventId, fate, error: err.message }, 'digest failed'),
      })
    : undefined;
  worker?.start();
  const stopRetention = config.runWorker
    ? scheduleRetention(database, (err) => app.log.error({ err }, 'retention failed'))
    : () => undefined;

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
    worker,
    close: () =>
      (closing ??= (async () => {
        await app.close();
        await worker?.stop();
        stopRetention();
        stopTagProbes();
        await tagHealth?.stop();
        clearInterval(outcomeTimer);
        await outcomes.flush(database.db).catch(() => undefined);
        spool.close();
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
