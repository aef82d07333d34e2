import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { sdkCorsHeaders } from './cors.js';
import type { IngestDeps } from './ingest-deps.js';
import type { IngestRequest } from './ingest-request.js';
import { answerIngest, type IngestEndpoint } from './serve-ingest.js';

function toIngestRequest(request: FastifyRequest<{ Params: { projectId: string } }>): IngestRequest {
  const url = request.raw.url ?? '';
  const q = url.indexOf('?');
  const length = request.headers['content-length'];
  return {
    projectIdParam: request.params.projectId,
    headers: request.headers,
    query: new URLSearchParams(q === -1 ? '' : url.slice(q + 1)),
    contentLength: length === undefined ? undefined : Number(length),
    // A POST without a body has none in Fastify; the raw request is then an empty stream.
    body: (request.body as Readable | undefined) ?? request.raw,
    receivedAt: Date.now() / 1000,
  };
}

/**
 * Sentry's ingest endpoints: `/api/:projectId/{store,envelope}/` (the app ignores trailing slashes).
 * Requests of the usual shape never get here on a real socket (direct-ingest.ts answers them first);
 * these routes serve the rest (odd paths, preflights) and `inject`, through the same answerIngest.
 */
export async function ingestRoutes(app: FastifyInstance, deps: IngestDeps): Promise<void> {
  // Ingest reads bodies itself (caps while streaming, decompression, any content type), so every
  // content type — including none, text/plain from browsers and application/json — arrives as a stream.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(sdkCorsHeaders(request.headers.origin));
  });

  const route = (path: string, endpoint: IngestEndpoint) => {
    app.post<{ Params: { projectId: string } }>(path, async (request, reply) => {
      const answer = await answerIngest(endpoint, toIngestRequest(request), deps, app.log);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
    app.options(path, async (_request, reply) => reply.code(200).send());
  };
  route('/api/:projectId/envelope', 'envelope');
  route('/api/:projectId/store', 'store');
}
