import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import {
  createProjectKey,
  deleteProjectKey,
  findProjectKey,
  listProjectKeys,
  updateProjectKey,
  type ProjectRow,
} from '../../storage/projects.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';
import { serializeProjectKey } from '../serialize/project.js';

const keyParams = projectParams.extend({
  key: z.string().regex(/^[0-9a-f]{32}$/, 'a key id is 32 hex characters'),
});

/** Client keys (DSNs) of a project: list, create, update (rename, enable, disable), rotate, delete. */
export function keyRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const base = '/api/0/projects/:org/:project/keys/';
  const access = async (
    request: Parameters<typeof requirePrincipal>[0],
    org: string,
    slug: string,
    write: boolean,
  ) =>
    (
      await requireProjectAccess(
        deps.db,
        await requirePrincipal(request, deps.db),
        org,
        slug,
        write ? 'project:write' : 'project:read',
      )
    ).project;
  const findKey = async (project: ProjectRow, publicKey: string) => {
    const key = await findProjectKey(deps.db, project.id, publicKey);
    if (!key) throw new NotFoundError('client key not found');
    return key;
  };

  defineRoute(app, {
    method: 'GET',
    url: base,
    summary: "List a project's client keys",
    tag: 'keys',
    scopes: ['project:read'],
    params: projectParams,
    handler: async ({ params }, request) => {
      const project = await access(request, params.org, params.project, false);
      return (await listProjectKeys(deps.db, project.id)).map((k) => serializeProjectKey(k, deps.publicUrl));
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: base,
    summary: 'Create a client key',
    tag: 'keys',
    scopes: ['project:write'],
    params: projectParams,
    body: z.object({ name: z.string().trim().min(1).max(64).optional() }),
    status: 201,
    handler: async ({ params, body }, request) => {
      const project = await access(request, params.org, params.project, true);
      return serializeProjectKey(
        await createProjectKey(deps.db, project.id, body.name ?? 'Default'),
        deps.publicUrl,
      );
    },
  });
  defineRoute(app, {
    method: 'PUT',
    url: `${base}:key/`,
    summary: 'Rename, enable or disable a client key',
    tag: 'keys',
    scopes: ['project:write'],
    params: keyParams,
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      isActive: z.boolean().optional(),
      // Sentry's shape: at most `count` events per `window` seconds; null removes the limit.
      rateLimit: z
        .object({ count: z.number().int().min(1), window: z.number().int().min(1).max(86400) })
        .nullable()
        .optional(),
    }),
    handler: async ({ params, body }, request) => {
      const project = await access(request, params.org, params.project, true);
      const key = await findKey(project, params.key);
      await updateProjectKey(deps.db, key.id, {
        label: body.name,
        isActive: body.isActive,
        rateLimit: body.rateLimit,
      });
      return serializeProjectKey(await findKey(project, params.key), deps.publicUrl);
    },
  });
  defineRoute(app, {
    method: 'POST',
    url: `${base}:key/rotate/`,
    summary: 'Rotate a client key: a new key replaces it, the old one is disabled at once',
    tag: 'keys',
    scopes: ['project:write'],
    params: keyParams,
    status: 201,
    handler: async ({ params }, request) => {
      const project = await access(request, params.org, params.project, true);
      const old = await findKey(project, params.key);
      const fresh = await createProjectKey(deps.db, project.id, old.label);
      await updateProjectKey(deps.db, old.id, { isActive: false });
      return serializeProjectKey(fresh, deps.publicUrl);
    },
  });
  defineRoute(app, {
    method: 'DELETE',
    url: `${base}:key/`,
    summary: 'Delete a client key',
    tag: 'keys',
    scopes: ['project:admin'],
    params: keyParams,
    status: 204,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:admin');
      await deleteProjectKey(deps.db, (await findKey(project, params.key)).id);
      return undefined;
    },
  });
}
