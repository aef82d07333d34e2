import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { applyIngestCors } from './cors.js';
import { UnavailableError } from '../lib/errors.js';
import { handleEnvelope } from './envelope-endpoint.js';
import type { IngestDeps } from './ingest-deps.js';
import type { IngestRequest, IngestResponse } from './ingest-request.js';
import { handleStore } from './store-endpoint.js';

type Handler = (req: IngestRequest, deps: IngestDeps) => Promise<IngestResponse>;

function toIngestRequest(request: FastifyRequest<{ Params: { projectId: string } }>): IngestRequest {
  const url = request.raw.url ?? '';
  const q = url.indexOf('?');
  const length = request.headers['content-length'];
  return {
    projectIdParam: request.params.projectId,
    headers: request.headers,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    contentLength: length === undefined ? undefined : Number(length),
    body: request.body as Readable,
    receivedAt: Date.now() / 1000,
  };
}

/** Sentry's ingest endpoints: `/api/:projectId/{store,envelope}/` (the app ignores trailing slashes). */
export async function ingestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  // Ingest reads bodies itself (caps while streaming, decompression, any content type), so every
  // content type — including none, text/plain from browsers and application/json — arrives as a stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addHook('onRequest', async (request, reply) => applyIngestCors(request, reply));

  const route = (path: string, handler: Handler, endpoint: string) => {
    const serve = async (request: FastifyRequest<{ Params: { projectId: string } }>, reply: FastifyReply) => {
      try {
        return await serveOnce(request, reply);
      } catch (err) {
        const e = err as { status?: number; code?: string };
        deps.metrics.ingestRequests.inc({
          endpoint,
          status: String(e.status ?? 500),
          reason: e.code ?? 'internal',
        });
        throw err;
      }
    };
    const serveOnce = async (
      request: FastifyRequest<{ Params: { projectId: string } }>,
      reply: FastifyReply,
    ) => {
      if (deps.inFlight.count >= deps.inFlight.max) {
        throw new UnavailableError('too many requests in flight; retry later', 5);
      }
      deps.inFlight.count++;
      try {
        const res = await handler(toIngestRequest(request), deps);
        if (res.headers) reply.headers(res.headers);
        deps.metrics.ingestRequests.inc({ endpoint, status: String(res.status), reason: 'accepted' });
        return reply.code(res.status).send(res.body);
      } finally {
        deps.inFlight.count--;
      }
    };
    app.post(path, serve);
    app.options(path, async (_request, reply) => reply.code(200).send());
  };
  route('/api/:projectId/envelope', handleEnvelope, 'envelope');
  route('/api/:projectId/store', handleStore, 'store');
}
