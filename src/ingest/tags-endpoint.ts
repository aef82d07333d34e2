import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { AnswerCache } from '../lib/answer-cache.js';
import {
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
  /**
   * The database's answers per ingest key: used for a second, forgotten on any API write (app.ts), and
   * the last one kept while the database is unreachable.
   */
  sites: AnswerCache<TagSite>;
}

/** What the tag ingest endpoint needs from an HTTP request, whichever server received it. */
export interface TagIngestRequest {
  headers: Record<string, string | string[] | undefined>;
  contentLength: number | undefined;
  body: Readable;
  /** Seconds since the epoch. */
  receivedAt: number;
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
    site = await deps.sites.lookup(key, () => findTagSiteByKey(deps.db, key));
  } catch {
    // The database failed and never answered for this key in this process: it may well be valid.
    throw new UnavailableError('cannot verify the key right now', 30);
  }
  if (!site) throw new UnauthorizedError('invalid ingest key', 'invalid_auth');
  // Probr answers 403 for a revoked key or a disabled site.
  if (!site.enabled) throw new ForbiddenError('the site is disabled');
  return site;
}

/**
 * `POST /api/ingest` with a tag key (and `/api/tags/ingest`): checks the key, the site, the rate
 * limit, the size and the payload's shape (either send mode), appends the body to the intake spool
 * and answers only once it is durable. A refusal is thrown; answerTagIngest (tag-answer.ts) turns it
 * into Probr's answer. Aggregation is the digest's (src/processing/tag-aggregate.ts).
 */
export async function handleTagIngest(
  req: TagIngestRequest,
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
