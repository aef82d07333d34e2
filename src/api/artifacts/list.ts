import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { findProjectBundle, listProjectBundles, type BundleRecord } from '../../storage/artifacts.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { parsePageRequest, setLinkHeader } from '../pagination.js';
import { projectParams } from '../projects/params.js';

// Sentry's numbers for a file's type (SourceFileType); 0 for a type it does not know.
const FILE_TYPES: Record<string, number> = {
  source: 1,
  minified_source: 2,
  source_map: 3,
  indexed_ram_bundle: 4,
};

/** Sentry's date format for bundles: seconds precision, `Z`. */
const bundleDate = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 19) + 'Z';

/** An artifact bundle in Sentry's shape (ArtifactBundlesSerializer). */
function serializeBundle(b: BundleRecord) {
  return {
    bundleId: b.bundleId,
    associations: b.release === null && b.dist === null ? [] : [{ release: b.release, dist: b.dist }],
    fileCount: b.fileCount,
    date: bundleDate(b.dateCreated),
    dateModified: bundleDate(b.dateCreated),
  };
}

/** GET …/files/artifact-bundles/ (list) and GET …/artifact-bundles/{bundleId}/files/ (one bundle's files). */
export function listBundlesRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const access = async (request: Parameters<typeof requirePrincipal>[0], org: string, slug: string) =>
    (
      await requireProjectAccess(
        deps.db,
        await requirePrincipal(request, deps.db),
        org,
        slug,
        'project:releases',
        'project:read',
      )
    ).project;

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/files/artifact-bundles/',
    summary: "List a project's artifact bundles (uploaded source maps), newest first",
    tag: 'source maps',
    scopes: ['project:releases', 'project:read'],
    params: projectParams,
    query: z.object({ cursor: z.string().optional(), per_page: z.string().optional() }).passthrough(),
    handler: async ({ params, query }, request, reply) => {
      const project = await access(request, params.org, params.project);
      // Sentry pages bundles ten at a time.
      const req = parsePageRequest(query, 10);
      const page = await listProjectBundles(deps.db, project.id, req);
      setLinkHeader(request, reply, page, req, (b) => ({ value: b.dateCreated, id: b.id }));
      return page.rows.map(serializeBundle);
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/artifact-bundles/:bundleId/files/',
    summary: 'List the files of an artifact bundle',
    tag: 'source maps',
    scopes: ['project:releases', 'project:read'],
    params: projectParams.extend({ bundleId: z.string().min(1).max(100) }),
    handler: async ({ params }, request) => {
      const project = await access(request, params.org, params.project);
      const bundle = await findProjectBundle(deps.db, project.id, params.bundleId.toLowerCase());
      if (!bundle) throw new NotFoundError('artifact bundle not found');
      return {
        ...serializeBundle(bundle),
        release: bundle.release,
        dist: bundle.dist,
        files: bundle.files.map((f) => ({
          // Sentry's file id: the path inside the bundle, base64url-encoded.
          id: Buffer.from(f.path, 'utf8').toString('base64url'),
          fileType: f.type === null ? 0 : (FILE_TYPES[f.type] ?? 0),
          filePath: f.url,
          fileSize: f.size,
          debugId: f.debugId,
        })),
      };
    },
  });
}
