import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry } from '../lib/metrics.js';
import type { IntakeSpool } from '../storage/intake-spool.js';

/** Faultline's operational metrics, shared by ingest, the worker and /metrics. */
export interface FaultlineMetrics {
  registry: Registry;
  ingestRequests: Counter;
  digestEvents: Counter;
  digestBatchSeconds: Histogram;
}

/** Creates the metrics, with gauges that read the spool at scrape time. */
export function createMetrics(spool: IntakeSpool): FaultlineMetrics {
  const registry = new Registry();
  const ingestRequests = registry.add(
    new Counter('faultline_ingest_requests_total', 'Ingest requests by endpoint, status and reason.'),
  );
  const digestEvents = registry.add(
    new Counter('faultline_digest_items_total', 'Items digested, by result.'),
  );
  const digestBatchSeconds = registry.add(
    new Histogram(
      'faultline_digest_batch_seconds',
      'Time to digest one batch in one database transaction.',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    ),
  );
  registry.add(
    new Gauge('faultline_intake_pending', 'Acknowledged records waiting for digest.', () =>
      spool.pendingCount(),
    ),
  );
  registry.add(
    new Gauge('faultline_intake_parked', 'Records parked after failing digest.', () => spool.parkedCount()),
  );
  registry.add(
    new Gauge(
      'faultline_process_resident_bytes',
      'Resident memory of this process.',
      () => process.memoryUsage().rss,
    ),
  );
  return { registry, ingestRequests, digestEvents, digestBatchSeconds };
}

/** GET /metrics in Prometheus text format. */
export async function metricsRoute(app: FastifyInstance, deps: { metrics: FaultlineMetrics }): Promise<void> {
  app.get('/metrics', async (_request, reply) =>
    reply.type('text/plain; version=0.0.4').send(deps.metrics.registry.render()),
  );
}
