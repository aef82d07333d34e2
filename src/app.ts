import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { healthRoutes } from './api/health.js';
import { metricsRoute, type FaultlineMetrics } from './api/metrics.js';
import { apiRoutes } from './api/routes.js';
import { dashboardRoutes } from './api/dashboard.js';
import { FailureThrottle } from './lib/throttle.js';
import { KeyCache } from './ingest/authenticate.js';
import { QuotaCounter } from './ingest/quota.js';
import { ingestRoutes } from './ingest/routes.js';
import { seedIngestRoutes } from './ingest/seed-routes.js';
import type { OutcomeRecorder } from './storage/outcomes.js';
import { toHttpError } from './lib/http-errors.js';
import type { Database } from './storage/db.js';
import type { IntakeSpool } from './storage/intake-spool.js';

export interface AppDeps {
  config: Config;
  database: Database;
  spool: IntakeSpool;
  outcomes: OutcomeRecorder;
  metrics: FaultlineMetrics;
}

/** Builds the HTTP app with every feature registered; never listens, so tests can inject into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      deps.config.logLevel === 'silent'
        ? false
        : {
            level: deps.config.logLevel,
            // Credentials travel in these; they must never reach a log line.
            redact: ['req.headers.authorization', 'req.headers["x-sentry-auth"]', 'req.headers.cookie'],
          },
    // Ingest streams bodies under its own caps; this bounds the JSON API's bodies.
    bodyLimit: 20 * 1024 * 1024,
    // A slow client is cut off instead of holding a connection (and memory) forever.
    requestTimeout: 60_000,
    connectionTimeout: 0,
    keepAliveTimeout: 65_000,
    // Per-request log lines would cost more than ingest itself; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Sentry's paths end in a slash; clients (and people) often leave it off.
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.setErrorHandler((err, _request, reply) => {
    const { status, headers, body } = toHttpError(err);
    if (status >= 500) app.log.error({ err }, 'request failed');
    // A refused body may still be arriving; closing is cheaper than reading the rest of it.
    if (status === 413) reply.header('connection', 'close');
    return reply.code(status).headers(headers).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ detail: `no route for ${request.method} ${request.url.split('?')[0]}`, causes: [] }),
  );

  await app.register(healthRoutes, { database: deps.database, spool: deps.spool });
  await app.register(metricsRoute, { metrics: deps.metrics });
  await app.register(ingestRoutes, {
    db: deps.database.db,
    spool: deps.spool,
    limits: deps.config.limits,
    quota: new QuotaCounter(),
    outcomes: deps.outcomes,
    keys: new KeyCache(),
    inFlight: { count: 0, max: deps.config.maxInFlightIngest },
    maxSpoolBacklog: deps.config.maxSpoolBacklog,
    metrics: deps.metrics,
  });
  // POST /api/ingest (tag monitoring by X-Faultline-Key / X-Probr-Key) and /api/tags/ingest.
  await app.register(seedIngestRoutes, {
    // The mobile crash SDK (X-Faultline-Token / X-Pionne-Token) and the web collector (appKey).
    seed: {
      db: deps.database.db,
      spool: deps.spool,
      quota: new QuotaCounter(),
      defaultTokenRateLimit: 1000,
    },
    tags: {
      db: deps.database.db,
      spool: deps.spool,
      quota: new QuotaCounter(),
      maxSpoolBacklog: deps.config.maxSpoolBacklog,
      keyCache: new Map(),
    },
  });
  await app.register(apiRoutes, {
    db: deps.database.db,
    publicUrl: deps.config.publicUrl,
    // Five failures in fifteen minutes per email or per client address, as OWASP suggests.
    loginThrottle: new FailureThrottle(5, 15 * 60),
    sessionTtlSeconds: 14 * 24 * 3600,
  });
  // Last: its catch-all GET serves the dashboard wherever no route above answers.
  await app.register(dashboardRoutes, {});
  return app;
}
