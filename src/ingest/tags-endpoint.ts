import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import {
  FaultlineError,
  ForbiddenError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
} from '../lib/errors.js';
import { newEventId } from '../lib/ids.js';
import { parseTagPayload } from '../protocol/tag-payload.js';
import { SpoolWriteError, type IntakeSpool } from '../storage/intake-spool.js';
import type { Schema } from '../storage/schema.js';
import { findTagSiteByKey, type TagSite } from '../storage/tag-sites.js';
import type { QuotaCounter } from './quota.js';
import { readBody } from './read-body.js';

/** Probr's documented body cap. */
export const MAX_TAG_BODY_BYTES = 1024 * 1024;

/** The headers that carry a tag-monitoring ingest key; either one selects this endpoint. */
export const TAG_KEY_HEADERS = ['x-faultline-key', 'x-probr-key'] as const;

/** What the tag ingest endpoint needs. */
export interface TagIngestDeps {
  db: Kysely<Schema>;
  spool: IntakeSpool;
  quota: QuotaCounter;
  /** Acknowledged records waiting for digest above which ingest answers 503. */
  maxSpoolBacklog: number;
  /** The last answer for each key, used only while the database is unreachable. */
  keyCache: Map<string, TagSite | null>;
}

/** The key a request presents, if any. */
export function tagIngestKey(headers: Record<string, string | string[] | undefined>): string | undefined {
  for (const name of TAG_KEY_HEADERS) {
    const v = headers[name];
    const first = (Array.isArray(v) ? v[0] : v)?.trim();
    if (first) return first;
  }
  return undefined;
}

async function authorizeSite(deps: TagIngestDeps, key: string | undefined): Promise<TagSite> {
  if (!key) throw new UnauthorizedError('send the ingest key in X-Faultline-Key or X-Probr-Key');
  let site: TagSite | undefined;
  try {
    site = await findTagSiteByKey(deps.db, key);
    deps.keyCache.set(key, site ?? null);
    if (deps.keyCache.size > 10_000) deps.keyCache.delete(deps.keyCache.keys().next().value as string);
  } catch {
    const known = deps.keyCache.get(key);
    if (known === undefined) throw new UnavailableError('cannot verify the key right now', 30);
    site = known ?? undefined;
  }
  if (!site) throw new UnauthorizedError('invalid ingest key', 'invalid_auth');
  // Probr answers 403 for a revoked key or a disabled site.
  if (!site.enabled) throw new ForbiddenError('the site is disabled');
  return site;
}

/**
 * `POST /api/ingest` with a tag key (and `/api/tags/ingest`): checks the key, the site, the rate
 * limit, the size and the payload's shape (either send mode), appends the body to the intake spool
 * and answers only once it is durable. Aggregation is the digest's (src/processing/tag-aggregate.ts).
 */
export async function handleTagIngest(
  req: {
    headers: Record<string, string | string[] | undefined>;
    contentLength: number | undefined;
    body: Readable;
    receivedAt: number;
  },
  deps: TagIngestDeps,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const site = await authorizeSite(deps, tagIngestKey(req.headers));
  if (deps.spool.pendingCount() > deps.maxSpoolBacklog) {
    throw new UnavailableError('too much data is waiting to be processed; retry later', 30);
  }
  const limit = site.settings.rateLimitPerMinute;
  if (limit !== null) {
    const wait = deps.quota.retryAfter(`tags:${site.id}`, limit, 60);
    if (wait > 0) throw new RateLimitedError(wait);
    deps.quota.consume(`tags:${site.id}`, 60);
  }
  const encoding = req.headers['content-encoding'];
  const body = await readBody(req.body as Readable & AsyncIterable<Buffer>, {
    contentEncoding: typeof encoding === 'string' ? encoding : undefined,
    contentLength: req.contentLength,
    maxWireBytes: MAX_TAG_BODY_BYTES,
    maxDecodedBytes: MAX_TAG_BODY_BYTES,
  });
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw new ValidationError('payload is not valid JSON', [(err as Error).message]);
  }
  const parsed = parseTagPayload(json);
  if (!parsed.ok) {
    if (parsed.problem.kind === 'too_many_tags')
      throw new PayloadTooLargeError(`${parsed.problem.count} tags in one payload (at most 500)`);
    throw new ValidationError('invalid payload', parsed.problem.causes);
  }
  try {
    // A random intake key: the digest records it so a redelivered record is folded once.
    await deps.spool.append({
      projectId: site.id,
      kind: 'tags',
      eventId: newEventId(),
      receivedAt: req.receivedAt,
      body,
    });
  } catch (err) {
    if (err instanceof SpoolWriteError) throw new UnavailableError('cannot store the payload right now', 10);
    throw err;
  }
  return { status: 200, body: { status: 'ok' } };
}

// Probr's error bodies (docs.probr.io "POST /ingest", Réponses): `{"error": "<code>"}`.
const PROBR_ERRORS: Record<number, string> = {
  400: 'invalid_payload',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Serves a tag ingest request on Fastify, answering errors in Probr's shape rather than Sentry's. */
export async function serveTagIngest(
  request: FastifyRequest,
  reply: FastifyReply,
  deps: TagIngestDeps,
): Promise<FastifyReply> {
  try {
    const length = request.headers['content-length'];
    const res = await handleTagIngest(
      {
        headers: request.headers,
        contentLength: length === undefined ? undefined : Number(length),
        body: request.body as Readable,
        receivedAt: Date.now() / 1000,
      },
      deps,
    );
    return reply.code(res.status).send(res.body);
  } catch (err) {
    const status = err instanceof FaultlineError ? err.status : 500;
    if (status >= 500 && status !== 503) request.log.error({ err }, 'tag ingest failed');
    if (err instanceof RateLimitedError || err instanceof UnavailableError)
      reply.header('retry-after', String(err.retryAfterSeconds));
    if (status === 413) reply.header('connection', 'close');
    const body: Record<string, unknown> = { error: PROBR_ERRORS[status] ?? 'internal_error' };
    if (err instanceof FaultlineError) {
      body.detail = err.message;
      if (err.causes.length > 0) body.causes = err.causes;
    }
    return reply.code(status).send(body);
  }
}
