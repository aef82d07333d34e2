import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  addBundleProjects,
  findBundleByChecksum,
  findMissingChunks,
  readChunks,
  storeBundle,
} from '../../storage/artifacts.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { orgParams } from '../organizations/get.js';
import { requireReleaseAccess, resolveProjectSlugs } from '../releases/params.js';
import { CHUNK_LIMITS } from './chunk-upload.js';
import { BundleError, readBundle, type ParsedBundle } from './read-bundle.js';

const sha1Hex = z.string().regex(/^[0-9a-f]{40}$/, 'a SHA-1 in lowercase hex');

type AssembleState = 'ok' | 'created' | 'not_found' | 'error';

const answer = (state: AssembleState, missingChunks: string[] = [], detail: string | null = null) => ({
  state,
  missingChunks,
  detail,
});

/**
 * POST /api/0/organizations/{org}/artifactbundle/assemble/. sentry-cli calls it before uploading
 * (to learn which chunks are missing) and after, until the state is `ok`. Sentry assembles in a
 * background task and answers `created` meanwhile; a bundle is small enough to assemble here, so
 * the call that finds every chunk present answers `ok` (or `error` with a detail) at once.
 */
export function assembleRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/artifactbundle/assemble/',
    summary: 'Assemble uploaded chunks into an artifact bundle (source maps)',
    tag: 'source maps',
    scopes: ['project:releases', 'project:write'],
    params: orgParams,
    body: z.object({
      checksum: sha1Hex,
      chunks: z.array(sha1Hex).max(4096),
      projects: z.array(z.string().min(1).max(100)).min(1, 'You need to specify at least one project'),
      version: z.string().min(1).max(200).optional(),
      dist: z.string().min(1).max(64).optional(),
    }),
    handler: async ({ params, body }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, true);
      const orgId = access.organization.id;
      const projectIds = (await resolveProjectSlugs(deps, orgId, body.projects)).map((p) => p.id);

      const existing = await findBundleByChecksum(deps.db, orgId, body.checksum);
      if (existing !== undefined) {
        await addBundleProjects(deps.db, existing, projectIds);
        return answer('ok');
      }
      // No chunks named and no bundle: a poll for something never uploaded.
      if (body.chunks.length === 0) return answer('not_found');
      const missing = await findMissingChunks(deps.db, orgId, body.chunks);
      if (missing.length > 0) return answer('not_found', missing);
      // Every chunk but the last is full-sized, so the count alone can refuse an oversized bundle.
      if ((body.chunks.length - 1) * CHUNK_LIMITS.chunkSize >= CHUNK_LIMITS.maxFileSize) {
        return answer('error', [], 'the artifact bundle is larger than the maximum file size');
      }

      const data = await readChunks(deps.db, orgId, body.chunks);
      // Consumed by a concurrent assemble of the same bundle between the two reads.
      if (!data) return answer('not_found', await findMissingChunks(deps.db, orgId, body.chunks));
      if (data.length > CHUNK_LIMITS.maxFileSize) {
        return answer('error', [], 'the artifact bundle is larger than the maximum file size');
      }
      if (createHash('sha1').update(data).digest('hex') !== body.checksum) {
        return answer('error', [], 'Reported checksum mismatch');
      }
      let parsed: ParsedBundle;
      try {
        parsed = readBundle(data);
      } catch (err) {
        if (err instanceof BundleError) return answer('error', [], err.message);
        throw err;
      }
      await storeBundle(deps.db, {
        organizationId: orgId,
        checksum: body.checksum,
        bundleId: parsed.bundleId,
        release: body.version ?? parsed.release,
        dist: body.dist ?? parsed.dist,
        data,
        files: parsed.files,
        projectIds,
        chunkChecksums: body.chunks,
        at: Date.now() / 1000,
      });
      return answer('ok');
    },
  });
}
