import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FailureThrottle } from '../../lib/throttle.js';
import {
  getIngestSettings,
  updateIngestSettings,
  type IngestSettings,
} from '../../storage/ingest-settings.js';
import { deleteProject, getProjectById, updateProject } from '../../storage/projects.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { requireDeletionCode, requireProjectById } from './access.js';
import { presentSeedProjects } from './projects.js';

const idParams = z.object({ id: z.string().min(1).max(40) });
const deletionCode = z.string().trim().min(1).max(16);

/** Seconds since the epoch from an ISO time or a number (seconds or milliseconds). */
const moment = z.union([
  z.iso.datetime({ offset: true }).transform((v) => Date.parse(v) / 1000),
  z
    .number()
    .nonnegative()
    .transform((v) => (v > 1e11 ? v / 1000 : v)),
]);

/**
 * Whether a bundle-id change needs the deletion code: changing or clearing a pinned value does
 * (it is what stops a stolen token being used from another app); setting one where none is
 * pinned, or leaving it as it is, does not.
 */
export function bundleChangeNeedsCode(current: string | null, next: string | null | undefined): boolean {
  return next !== undefined && current !== null && current !== '' && next !== current;
}

/** PATCH and DELETE /api/projects/{id} — the mobile SDK's project settings and deletion. */
export function seedProjectUpdateRoutes(app: FastifyInstance, deps: ApiDeps): void {
  // Wrong deletion codes per account: five in fifteen minutes, as for passwords.
  const codeThrottle = new FailureThrottle(5, 15 * 60);

  defineRoute(app, {
    method: 'PATCH',
    url: '/api/projects/:id',
    summary: 'Change a project (a pinned bundle id only with the deletion code)',
    tag: 'seed',
    scopes: ['project:write'],
    params: idParams,
    body: z.object({
      name: z.string().trim().min(1).max(64).optional(),
      bundle_id: z.string().trim().max(255).nullable().optional(),
      notify_on_first_seen: z.boolean().optional(),
      notify_on_regression: z.boolean().optional(),
      notify_on_threshold: z.number().int().min(1).nullable().optional(),
      paused_until: moment.nullable().optional(),
      rate_limit_per_minute: z.number().int().min(1).max(1_000_000).nullable().optional(),
      deletion_code: deletionCode.optional(),
    }),
    invalidStatus: 422,
    handler: async ({ params, body }, request) => {
      const { principal, project } = await requireProjectById(deps, request, params.id, 'project:write');
      const current = await getIngestSettings(deps.db, project.id);
      if (bundleChangeNeedsCode(current.bundleId, body.bundle_id)) {
        await requireDeletionCode(deps, codeThrottle, principal, body.deletion_code);
      }
      const patch: Partial<IngestSettings> = {};
      if (body.bundle_id !== undefined) patch.bundleId = body.bundle_id;
      if (body.notify_on_first_seen !== undefined) patch.notifyOnFirstSeen = body.notify_on_first_seen;
      if (body.notify_on_regression !== undefined) patch.notifyOnRegression = body.notify_on_regression;
      if (body.notify_on_threshold !== undefined) patch.notifyOnThreshold = body.notify_on_threshold;
      if (body.paused_until !== undefined) patch.pausedUntil = body.paused_until;
      if (body.rate_limit_per_minute !== undefined) patch.rateLimitPerMinute = body.rate_limit_per_minute;
      await updateIngestSettings(deps.db, project.id, patch);
      if (body.name !== undefined) await updateProject(deps.db, project.id, { name: body.name });
      const [shown] = await presentSeedProjects(deps.db, [(await getProjectById(deps.db, project.id))!]);
      return shown;
    },
  });

  defineRoute(app, {
    method: 'DELETE',
    url: '/api/projects/:id',
    summary: 'Delete a project and all its events (needs the deletion code)',
    tag: 'seed',
    scopes: ['project:admin'],
    params: idParams,
    status: 204,
    handler: async ({ params }, request) => {
      const { principal, project } = await requireProjectById(deps, request, params.id, 'project:admin');
      // defineRoute reads no body on DELETE; the contract sends the code there (or in the query).
      const body = z.object({ deletion_code: deletionCode.optional() }).safeParse(request.body ?? {});
      const query = z.object({ deletion_code: deletionCode.optional() }).safeParse(request.query ?? {});
      const code =
        (body.success ? body.data.deletion_code : undefined) ??
        (query.success ? query.data.deletion_code : undefined);
      await requireDeletionCode(deps, codeThrottle, principal, code);
      await deleteProject(deps.db, project.id);
      return undefined;
    },
  });
}
