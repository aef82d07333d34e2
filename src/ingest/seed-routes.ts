import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { UnauthorizedError } from '../lib/errors.js';
import { toHttpError } from '../lib/http-errors.js';
import { handleBatch } from './batch-endpoint.js';
import { handleEventFeedback, handleFeedback } from './feedback-endpoint.js';
import { handleMobileIngest } from './mobile-endpoint.js';
import { handleProfile } from './profiles-endpoint.js';
import {
  BundleIdMismatchError,
  FieldsError,
  headerValue,
  type SeedIngestDeps,
  type SeedRequest,
  type SeedResponse,
} from './seed-request.js';
import { seedIngestCorsHeaders } from './seed-cors.js';
import { handleSessions } from './sessions-endpoint.js';
import { answerTagIngest } from './tag-answer.js';
import { TAG_KEY_HEADERS, type TagIngestDeps } from './tags-endpoint.js';
import { TOKEN_HEADERS } from './token-auth.js';

type Handler = (req: SeedRequest, deps: SeedIngestDeps) => Promise<SeedResponse>;
type Serve = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/** What the seed ingest routes serve; each product is registered only when its deps are given. */
export interface SeedRoutesOptions {
  /** The mobile crash SDK and the web collector (header token, body app key). */
  seed?: SeedIngestDeps;
  /** The tag-monitoring ingest (X-Faultline-Key / X-Probr-Key). */
  tags?: TagIngestDeps;
}

function toSeedRequest(request: FastifyRequest): SeedRequest {
  const length = request.headers['content-length'];
  return {
    params: (request.params ?? {}) as Record<string, string>,
    headers: request.headers,
    contentLength: length === undefined ? undefined : Number(length),
    body: request.body as Readable,
    receivedAt: Date.now() / 1000,
  };
}

/**
 * The seed SDKs' ingest endpoints (docs/seed-apis.md). `POST /api/ingest` serves more than one
 * product, told apart by the credential header: a token (`X-Faultline-Token` / `X-Pionne-Token`)
 * is the mobile crash SDK, a key (`X-Faultline-Key` / `X-Probr-Key`) the tag monitor; neither is a
 * 401. The mobile SDK's other endpoints (`/api/sessions`, `/api/feedback`,
 * `/api/events/{id}/feedback`, `/api/profiles`) are also served without `/api`, as its docs write
 * them; the web collector posts to `/api/events/batch`.
 */
export async function seedIngestRoutes(app: FastifyInstance, opts: SeedRoutesOptions): Promise<void> {
  // Bodies are read by the endpoints under their own caps (413), in any content type: browsers
  // send text/plain to avoid a preflight, and a 1 MB cap must not wait for a 20 MB parser limit.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(seedIngestCorsHeaders(request.headers.origin));
  });
  // The seed SDKs read `message` (and the mobile one `expected_format`, Laravel-style `errors`).
  app.setErrorHandler((err, request, reply) => {
    const { status, headers, body } = toHttpError(err);
    if (status >= 500) request.log.error({ err }, 'request failed');
    if (status === 413) reply.header('connection', 'close');
    return reply
      .code(status)
      .headers(headers)
      .send({
        ...body,
        message: body.detail,
        ...(err instanceof FieldsError ? { errors: err.fields } : {}),
        ...(err instanceof BundleIdMismatchError ? { expected_format: err.expectedFormat } : {}),
      });
  });

  const post = (paths: string[], serve: Serve) => {
    for (const path of paths) {
      app.post(path, serve);
      app.options(path, async (_request, reply) => reply.code(204).send());
    }
  };
  const { seed, tags } = opts;
  const serveWith =
    (deps: SeedIngestDeps, handler: Handler): Serve =>
    async (request, reply) => {
      const res = await handler(toSeedRequest(request), deps);
      return reply.code(res.status).send(res.body);
    };

  // Most tag payloads are answered before Fastify sees them (direct-tag-ingest.ts), the same way.
  const serveTags =
    (deps: TagIngestDeps): Serve =>
    async (request, reply) => {
      // Without a Content-Type, Fastify hands over no body stream at all when the body is empty.
      const body = (request.body as Readable | undefined) ?? Readable.from([]);
      const answer = await answerTagIngest({ ...toSeedRequest(request), body }, deps, request.log);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    };

  // Each product claims its headers; the first whose header is present takes the request. The
  // node:http path for tags (direct-tag-ingest.ts) makes the same choice: keep the two in step.
  const ingestProducts: { headers: readonly string[]; serve: Serve }[] = [];
  if (seed) ingestProducts.push({ headers: TOKEN_HEADERS, serve: serveWith(seed, handleMobileIngest) });
  if (tags) ingestProducts.push({ headers: TAG_KEY_HEADERS, serve: serveTags(tags) });
  post(['/api/ingest', '/ingest'], async (request, reply) => {
    const product = ingestProducts.find((p) =>
      p.headers.some((h) => headerValue(request.headers, h) !== undefined),
    );
    if (!product) {
      throw new UnauthorizedError(
        'missing credentials: send X-Faultline-Token (crashes) or X-Faultline-Key (tags)',
      );
    }
    return product.serve(request, reply);
  });
  if (tags) post(['/api/tags/ingest'], serveTags(tags));
  if (seed) {
    post(['/api/sessions', '/sessions'], serveWith(seed, handleSessions));
    post(['/api/feedback', '/feedback'], serveWith(seed, handleFeedback));
    post(
      ['/api/events/:eventId/feedback', '/events/:eventId/feedback'],
      serveWith(seed, handleEventFeedback),
    );
    post(['/api/profiles', '/profiles'], serveWith(seed, handleProfile));
    post(['/api/events/batch'], serveWith(seed, handleBatch));
  }
}
