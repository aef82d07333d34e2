import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { createDeploy, findRelease, listDeploys } from '../../storage/releases.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeDeploy } from '../serialize/release.js';
import { parseOffsetPage, setOffsetLinkHeader } from './offset-page.js';
import { isoSeconds, releaseParams, requireReleaseAccess } from './params.js';

/** Sentry's environment names: at most 64 characters, no line breaks or slashes. */
const environmentName = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[^\n\r\f/]*$/, 'an environment name may not contain line breaks or slashes');

/** GET and POST /api/0/organizations/{org}/releases/{version}/deploys/ (`sentry-cli releases deploys`). */
export function deployRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const url = '/api/0/organizations/:org/releases/:version/deploys/';
  defineRoute(app, {
    method: 'GET',
    url,
    summary: "List a release's deploys, newest first",
    tag: 'releases',
    scopes: ['project:releases', 'project:read', 'org:read'],
    params: releaseParams,
    query: z.object({ cursor: z.string().optional(), per_page: z.string().optional() }).passthrough(),
    handler: async ({ params, query }, request, reply) => {
      const access = await requireReleaseAccess(deps, request, params.org, false);
      const orgId = access.organization.id;
      if (!(await findRelease(deps.db, orgId, params.version))) throw new NotFoundError('release not found');
      const page = parseOffsetPage(query);
      const all = (await listDeploys(deps.db, orgId, [params.version])).get(params.version) ?? [];
      setOffsetLinkHeader(request, reply, page, all.length > page.offset + page.limit);
      return all.slice(page.offset, page.offset + page.limit).map(serializeDeploy);
    },
  });
  defineRoute(app, {
    method: 'POST',
    url,
    summary: 'Record a deploy of a release to an environment',
    tag: 'releases',
    scopes: ['project:releases', 'project:write'],
    params: releaseParams,
    body: z.object({
      environment: environmentName,
      name: z.string().max(64).nullish(),
      url: z.string().max(1024).nullish(),
      dateStarted: isoSeconds.nullish(),
      dateFinished: isoSeconds.nullish(),
      projects: z.array(z.string()).nullish(),
    }),
    status: 201,
    handler: async ({ params, body }, request) => {
      const access = await requireReleaseAccess(deps, request, params.org, true);
      const orgId = access.organization.id;
      const release = await findRelease(deps.db, orgId, params.version);
      if (!release) throw new NotFoundError('release not found');
      const deploy = await createDeploy(deps.db, {
        organizationId: orgId,
        version: release.version,
        environment: body.environment,
        name: body.name ?? null,
        url: body.url ?? null,
        dateStarted: body.dateStarted ?? null,
        dateFinished: body.dateFinished ?? Date.now() / 1000,
      });
      return serializeDeploy(deploy);
    },
  });
}
