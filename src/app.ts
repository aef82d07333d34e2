import http from 'node:http';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { healthRoutes } from './api/health.js';
import { metricsRoute, type FaultlineMetrics } from './api/metrics.js';
import { apiRoutes } from './api/routes.js';
import { dashboardRoutes } from './api/dashboard.js';
import { FailureThrottle } from './lib/throttle.js';
import { KeyCache } from './ingest/authenticate.js';
import { QuotaCounter } from './ingest/quota.js';
import { createDirectIngest } from './ingest/direct-ingest.js';
import { createDirectTagIngest } from './ingest/direct-tag-ingest.js';
import type { IngestDeps } from './ingest/ingest-deps.js';
import { ingestRoutes } from './ingest/routes.js';
import { seedIngestRoutes } from './ingest/seed-routes.js';
import type { TagIngestDeps } from './ingest/tags-endpoint.js';
import { AnswerCache } from './lib/answer-cache.js';
import type { OutcomeRecorder } from './storage/outcomes.js';
import { answerClientError } from './lib/client-error.js';
import { toHttpError } from './lib/http-errors.js';
import type { Database } from './storage/db.js';
import type { IntakeSpool } from './storage/intake-spool.js';
import type { TagSite } from './storage/tag-sites.js';

export interface AppDeps {
  config: Config;
  database: Database;
  spool: IntakeSpool;
  outcomes: OutcomeRecorder;
  metrics: FaultlineMetrics;
}

const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Builds the HTTP app with every feature registered; never listens, so tests can inject into it. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const keys = new KeyCache();
  const ingest: IngestDeps = {
    db: deps.database.db,
    spool: deps.spool,
    limits: deps.config.limits,
    quota: new QuotaCounter(),
    outcomes: deps.outcomes,
    keys,
    inFlight: { count: 0, max: deps.config.maxInFlightIngest },
    maxSpoolBacklog: deps.config.maxSpoolBacklog,
    metrics: deps.metrics,
  };
  // POST /api/ingest (tag monitoring by X-Faultline-Key / X-Probr-Key) and /api/tags/ingest.
  const tags: TagIngestDeps = {
    db: deps.database.db,
    spool: deps.spool,
    quota: new QuotaCounter(),
    maxSpoolBacklog: deps.config.maxSpoolBacklog,
    sites: new AnswerCache<TagSite>(),
  };
  let closing = false;
  // A slow client (slowloris) is cut off instead of holding a connection and its memory forever.
  // Node checks for overdue requests only every connectionsCheckingInterval, so that follows too.
  const requestTimeout = deps.config.requestTimeoutMs;
  const checkEvery = Math.min(30_000, Math.max(250, Math.floor(requestTimeout / 4)));
  const app: FastifyInstance = Fastify({
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
    requestTimeout,
    clientErrorHandler: (err, socket) => answerClientError(err, socket, requestTimeout),
    connectionTimeout: 0,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    // SDK envelopes and store requests of the usual shape, and tag payloads, are answered before
    // Fastify sees them (src/ingest/direct-ingest.ts, direct-tag-ingest.ts); everything else, and
    // `inject`, goes through Fastify.
    serverFactory: (handler) => {
      const direct = createDirectIngest(
        ingest,
        () => app.log,
        () => closing,
      );
      const directTags = createDirectTagIngest(
        tags,
        () => app.log,
        () => closing,
      );
      const server = http.createServer(
        // Given here, not set afterwards: Node reads requestTimeout when it sets up the checks.
        { connectionsCheckingInterval: checkEvery, requestTimeout, keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS },
        (req, res) => {
          if (!direct(req, res) && !directTags(req, res)) handler(req, res);
        },
      );
      // What Fastify sets on a server it makes itself.
      server.setTimeout(0);
      return server;
    },
    // Per-request log lines would cost more than ingest itself; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: false,
    // Sentry's paths end in a slash; clients (and people) often leave it off.
    routerOptions: { ignoreTrailingSlash: true },
  });

  app.addHook('preClose', async () => {
    closing = true;
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
  await app.register(ingestRoutes, ingest);
  await app.register(seedIngestRoutes, {
    // The mobile crash SDK (X-Faultline-Token / X-Pionne-Token) and the web collector (appKey).
    seed: {
      db: deps.database.db,
      spool: deps.spool,
      quota: new QuotaCounter(),
      defaultTokenRateLimit: 1000,
    },
    tags,
  });
  await app.register(async (api) => {
    // Any write through the API may change a key or a project's limits (a disabled key, a new rate
    // limit, a disabled tag site): ingest asks the database again on its next request. After the
    // handler, before the answer.
    api.addHook('onSend', async (request, _reply, payload) => {
      if (!SAFE_METHODS.has(request.method)) {
        keys.invalidate();
        tags.sites.invalidate();
      }
      return payload;
    });
    await api.register(apiRoutes, {
      db: deps.database.db,
      publicUrl: deps.config.publicUrl,
      // Five failures in fifteen minutes per email or per client address, as OWASP suggests.
      loginThrottle: new FailureThrottle(5, 15 * 60),
      sessionTtlSeconds: 14 * 24 * 3600,
    });
  });
  // Last: its catch-all GET serves the dashboard wherever no route above answers.
  await app.register(dashboardRoutes, {});
  return app;
}
