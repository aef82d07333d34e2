import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { regenerateIngestToken } from '../../storage/ingest-tokens.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { requireProjectById } from './access.js';

/** POST /api/projects/{id}/regenerate — a new ingest token, shown once; the old one answers 401 at once. */
export function regenerateTokenRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:id/regenerate',
    summary: "Replace a project's ingest token (the old one stops working at once)",
    tag: 'seed',
    scopes: ['project:write'],
    params: z.object({ id: z.string().min(1).max(40) }),
    handler: async ({ params }, request) => {
      const { project } = await requireProjectById(deps, request, params.id, 'project:write');
      return { token: await regenerateIngestToken(deps.db, project.id) };
    },
  });
}
