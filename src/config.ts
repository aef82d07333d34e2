import path from 'node:path';
import { z } from 'zod';

/** Every setting Faultline reads, resolved once at start and passed down; nothing reads env later. */
export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** undefined = embedded SQLite file in dataDir; postgres://… = PostgreSQL. */
  databaseUrl: string | undefined;
  /** Public base URL put into DSNs and printed at start. */
  publicUrl: string;
  /** Where acknowledged-but-not-yet-digested data lives: always a local SQLite file. */
  intakePath: string;
  logLevel: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  /** Run the digest worker in this process (on by default; tests of ingest alone turn it off). */
  runWorker: boolean;
  limits: IngestLimits;
  /** Ingest requests served at once; more answer 503 (load shedding keeps memory bounded). */
  maxInFlightIngest: number;
  /** Undigested records in the spool above which ingest answers 503 until the worker catches up. */
  maxSpoolBacklog: number;
  /** A request whose headers and body have not all arrived after this long is answered 408 and cut off. */
  requestTimeoutMs: number;
}

export interface IngestLimits {
  storeWireBytes: number;
  storeDecodedBytes: number;
  envelopeWireBytes: number;
  envelopeDecodedBytes: number;
  headerLineBytes: number;
}

const MiB = 1024 * 1024;

/** Defaults follow Sentry's published limits (sentry-protocol.md §2.6): the stricter of docs and Relay. */
export const defaultLimits: IngestLimits = {
  storeWireBytes: 200 * 1024,
  storeDecodedBytes: 1 * MiB,
  envelopeWireBytes: 20 * MiB,
  envelopeDecodedBytes: 100 * MiB,
  headerLineBytes: 8 * 1024,
};

const envSchema = z.object({
  FAULTLINE_HOST: z.string().min(1).default('127.0.0.1'),
  FAULTLINE_PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  FAULTLINE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'DATABASE_URL must start with postgres:// (leave it unset for SQLite)')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  FAULTLINE_URL: z.string().url().optional(),
  FAULTLINE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FAULTLINE_ADMIN_EMAIL: z.string().email().optional(),
  FAULTLINE_ADMIN_PASSWORD: z.string().min(8).optional(),
  FAULTLINE_WORKER: z.enum(['on', 'off']).default('on'),
  FAULTLINE_MAX_IN_FLIGHT: z.coerce.number().int().min(1).default(512),
  FAULTLINE_MAX_BACKLOG: z.coerce.number().int().min(1).default(200_000),
  FAULTLINE_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).default(60_000),
});

/** Reads and validates the environment; throws a readable error naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.FAULTLINE_DATA_DIR);
  const shownHost =
    e.FAULTLINE_HOST === '0.0.0.0' || e.FAULTLINE_HOST === '::' ? 'localhost' : e.FAULTLINE_HOST;
  return {
    host: e.FAULTLINE_HOST,
    port: e.FAULTLINE_PORT,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.FAULTLINE_URL ?? `http://${shownHost}:${e.FAULTLINE_PORT}`).replace(/\/+$/, ''),
    intakePath: path.join(dataDir, 'intake.sqlite'),
    logLevel: e.FAULTLINE_LOG_LEVEL,
    adminEmail: e.FAULTLINE_ADMIN_EMAIL,
    adminPassword: e.FAULTLINE_ADMIN_PASSWORD,
    runWorker: e.FAULTLINE_WORKER === 'on',
    limits: defaultLimits,
    maxInFlightIngest: e.FAULTLINE_MAX_IN_FLIGHT,
    maxSpoolBacklog: e.FAULTLINE_MAX_BACKLOG,
    requestTimeoutMs: e.FAULTLINE_REQUEST_TIMEOUT_MS,
  };
}
