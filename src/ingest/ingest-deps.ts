import type { Kysely } from 'kysely';
import type { IngestLimits } from '../config.js';
import type { IntakeSpool } from '../storage/intake-spool.js';
import type { OutcomeRecorder } from '../storage/outcomes.js';
import type { Schema } from '../storage/schema.js';
import type { KeyCache } from './authenticate.js';
import type { QuotaCounter } from './quota.js';

/** What the ingest endpoints share. */
export interface IngestDeps {
  db: Kysely<Schema>;
  spool: IntakeSpool;
  limits: IngestLimits;
  quota: QuotaCounter;
  outcomes: OutcomeRecorder;
  keys: KeyCache;
  /** Ingest requests being served right now, for load shedding. */
  inFlight: { count: number; max: number };
  /** Acknowledged records waiting for digest above which ingest answers 503. */
  maxSpoolBacklog: number;
  metrics: { ingestRequests: { inc(labels: Record<string, string>): void } };
}
