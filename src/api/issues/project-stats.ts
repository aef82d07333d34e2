import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../lib/errors.js';
import { bucketCount, bucketStarts, projectEventSeries } from '../../storage/event-stats.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';

const RESOLUTIONS = { '10s': 10, '1h': 3600, '1d': 86400 } as const;
const MAX_BUCKETS = 1000;

const epoch = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected seconds since the epoch')
  .transform(Number)
  .optional();

/**
 * GET /api/0/projects/{org}/{project}/stats/ — Sentry's project stats: `[[bucket start, count], …]`.
 * `received` counts stored events by the time they arrived; `rejected` and `blacklisted` are
 * accepted for compatibility and are all zeros (refusals are counted as outcomes, not events).
 */
export function projectStatsRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/stats/',
    summary: "A project's event counts per hour or day",
    tag: 'projects',
    scopes: ['project:read'],
    params: projectParams,
    query: z.object({
      stat: z
        .enum(['received', 'generated', 'rejected', 'blacklisted'], {
          message: 'stat must be received, generated, rejected or blacklisted',
        })
        .default('received'),
      since: epoch,
      until: epoch,
      resolution: z.enum(['10s', '1h', '1d'], { message: 'resolution must be 10s, 1h or 1d' }).default('1h'),
    }),
    handler: async ({ params, query }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'project:read');
      const resolution = RESOLUTIONS[query.resolution];
      const until = query.until ?? Date.now() / 1000;
      const since = query.since ?? until - (resolution === 86400 ? 30 * 86400 : 86400);
      if (since > until) throw new ValidationError('since must not be after until');
      if (bucketCount(since, until, resolution) > MAX_BUCKETS) {
        throw new ValidationError(
          `at most ${MAX_BUCKETS} buckets per request: narrow since/until or coarsen resolution`,
        );
      }
      const starts = bucketStarts(since, until, resolution);
      if (query.stat === 'rejected' || query.stat === 'blacklisted') return starts.map((t) => [t, 0]);
      return projectEventSeries(deps.db, project.id, since, until, resolution);
    },
  });
}
