import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listProjectTagKeys, listProjectTagValues } from '../../storage/project-tags.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { iso } from '../serialize/organization.js';
import { projectParams } from '../projects/params.js';

/**
 * GET /api/0/projects/{org}/{project}/tags/ and …/tags/{key}/values/ — the tag keys and values seen
 * in a project (Sentry's shapes), for search suggestions and filters.
 */
export function listProjectTagsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const project = async (request: Parameters<typeof requirePrincipal>[0], org: string, slug: string) =>
    (await requireProjectAccess(deps.db, await requirePrincipal(request, deps.db), org, slug, 'event:read'))
      .project;
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/tags/',
    summary: "List a project's tag keys, most used first",
    tag: 'issues',
    scopes: ['event:read'],
    params: projectParams,
    handler: async ({ params }, request) => {
      const p = await project(request, params.org, params.project);
      return (await listProjectTagKeys(deps.db, p.id)).map((k) => ({
        key: k.key,
        name: k.key,
        totalValues: k.totalValues,
        uniqueValues: k.uniqueValues,
      }));
    },
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/tags/:key/values/',
    summary: 'List the most frequent values of a tag key in a project',
    tag: 'issues',
    scopes: ['event:read'],
    params: projectParams.extend({ key: z.string().min(1).max(200) }),
    handler: async ({ params }, request) => {
      const p = await project(request, params.org, params.project);
      return (await listProjectTagValues(deps.db, p.id, params.key)).map((v) => ({
        key: params.key,
        name: v.value,
        value: v.value,
        count: v.count,
        firstSeen: iso(v.firstSeen),
        lastSeen: iso(v.lastSeen),
      }));
    },
  });
}
