import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { deleteStaleChunks, putChunks } from '../../storage/artifacts.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { requireReleaseAccess } from '../releases/params.js';
import { multipartBoundary, parseMultipart } from './multipart.js';

const MiB = 1024 * 1024;

/**
 * What the chunk-upload options promise sentry-cli. Sentry's values, except a smaller maximum file
 * size (a bundle is held in memory while it is assembled and stored as one row) and a concurrency
 * that suits a single SQLite writer.
 */
export const CHUNK_LIMITS = {
  chunkSize: 8 * MiB,
  chunksPerRequest: 64,
  maxRequestSize: 32 * MiB,
  maxFileSize: 128 * MiB,
  concurrency: 4,
};

/** Chunks no assemble call consumed within a day are dropped at the next upload. */
const CHUNK_TTL_SECONDS = 24 * 3600;

const formParts = z.object({
  parts: z.array(z.object({ name: z.string(), filename: z.string().optional(), data: z.instanceof(Buffer) })),
});

function sha1(data: Buffer): string {
  return createHash('sha1').update(data).digest('hex');
}

function gunzipChunk(data: Buffer): Buffer {
  try {
    return gunzipSync(data, { maxOutputLength: CHUNK_LIMITS.chunkSize });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new ValidationError('Chunk size too large');
    }
    throw new ValidationError('a file_gzip part is not valid gzip');
  }
}

/**
 * GET and POST /api/0/organizations/{org}/chunk-upload/: the options sentry-cli reads first, then
 * the multipart upload of chunks (parts `file` or gzip-compressed `file_gzip`, each named by the
 * SHA-1 of its uncompressed bytes). Registered in their own scope, where multipart bodies are
 * parsed and credentials are checked before a byte of body is read.
 */
export function chunkUploadRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const url = '/api/0/organizations/:org/chunk-upload/';
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: CHUNK_LIMITS.maxRequestSize + MiB },
      (request, body, done) => {
        const boundary = multipartBoundary(request.headers['content-type']);
        if (!boundary) return done(new ValidationError('multipart body without a boundary'), undefined);
        try {
          done(null, { parts: parseMultipart(body as Buffer, boundary) });
        } catch (err) {
          done(err as Error, undefined);
        }
      },
    );
    scope.addHook('onRequest', async (request: FastifyRequest<{ Params: { org?: string } }>) => {
      if (request.method === 'POST')
        await requireReleaseAccess(deps, request, request.params.org ?? '', true);
    });

    defineRoute(scope, {
      method: 'GET',
      url,
      summary: 'Chunk upload options (what sentry-cli asks before uploading source maps)',
      tag: 'source maps',
      scopes: ['project:releases', 'project:read', 'org:read'],
      params: orgParams,
      handler: async ({ params }, request) => {
        const access = await requireReleaseAccess(deps, request, params.org, false);
        return {
          url: `${deps.publicUrl}/api/0/organizations/${encodeURIComponent(access.organization.slug)}/chunk-upload/`,
          ...CHUNK_LIMITS,
          hashAlgorithm: 'sha1',
          compression: ['gzip'],
          // Only artifact bundles are assembled; other kinds (debug files, ProGuard) are not accepted.
          accept: ['artifact_bundles', 'sources'],
        };
      },
    });
    defineRoute(scope, {
      method: 'POST',
      url,
      summary: 'Upload chunks (multipart/form-data, parts named by their SHA-1)',
      tag: 'source maps',
      scopes: ['project:releases', 'project:write'],
      params: orgParams,
      body: formParts,
      handler: async ({ params, body }, request) => {
        const access = await requireReleaseAccess(deps, request, params.org, true);
        const files = body.parts.filter((p) => p.name === 'file' || p.name === 'file_gzip');
        if (files.length > CHUNK_LIMITS.chunksPerRequest) throw new ValidationError('Too many chunks');
        let total = 0;
        const chunks = files.map((p) => {
          const data = p.name === 'file_gzip' ? gunzipChunk(p.data) : p.data;
          if (data.length > CHUNK_LIMITS.chunkSize) throw new ValidationError('Chunk size too large');
          total += data.length;
          if (total > CHUNK_LIMITS.maxRequestSize) throw new ValidationError('Request too large');
          const checksum = sha1(data);
          if (p.filename !== undefined && p.filename.toLowerCase() !== checksum) {
            throw new ValidationError('Checksum mismatch', [`${p.filename}: content hashes to ${checksum}`]);
          }
          return { checksum, data: Buffer.from(data) };
        });
        const now = Date.now() / 1000;
        await deleteStaleChunks(deps.db, now - CHUNK_TTL_SECONDS);
        await putChunks(deps.db, access.organization.id, chunks, now);
        return {};
      },
    });
  });
}
