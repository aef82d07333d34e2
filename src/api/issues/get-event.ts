import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { MethodNotAllowedError, NotFoundError } from '../../lib/errors.js';
import { getEvent, type StoredEvent } from '../../storage/events.js';
import { adjacentEventIds, edgeIssueEvent, findIssueEvent } from '../../storage/issue-events.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';
import { serializeEvent } from '../serialize/event.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';

/** A 32-hex event id (dashes, as in a UUID, are dropped), or one of Sentry's names for an event. */
const eventRef = z
  .string()
  .transform((v) => v.replace(/-/g, '').toLowerCase())
  .pipe(
    z.union([
      z.enum(['latest', 'oldest', 'recommended']),
      z.string().regex(/^[0-9a-f]{32}$/, 'an event id is 32 hex characters, or latest, oldest, recommended'),
    ]),
  );

async function withNeighbours(deps: ApiDeps, e: StoredEvent) {
  const around =
    e.issueId === null
      ? {}
      : await adjacentEventIds(deps.db, e.issueId, { timestamp: e.timestamp, id: e.id }).then((a) => ({
          previousEventID: a.previous,
          nextEventID: a.next,
        }));
  return serializeEvent(e, around);
}

/** Stored events are immutable: every other method on an event answers 405. */
function refuseWrites(app: FastifyInstance, url: string): void {
  app.route({
    method: ['PUT', 'PATCH', 'POST', 'DELETE'],
    url,
    handler: async (_request, reply) => {
      reply.header('allow', 'GET, HEAD');
      throw new MethodNotAllowedError('events are immutable: only GET is allowed');
    },
  });
}

/**
 * GET /api/0/issues/{id}/events/{latest|oldest|recommended|event_id}/ and
 * GET /api/0/projects/{org}/{project}/events/{event_id}/, with previousEventID / nextEventID.
 */
export function getEventRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('events/:eventId/', { eventId: eventRef })) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "Retrieve one of an issue's events: latest, oldest, recommended, or by id",
      tag: 'events',
      scopes: ['event:read'],
      params: pathParams,
      handler: async ({ params }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        const ref = params.eventId;
        // "Recommended" is Sentry's most helpful event; ours is the newest, which has the freshest context.
        const event =
          ref === 'latest' || ref === 'recommended'
            ? await edgeIssueEvent(deps.db, issue.id, 'latest')
            : ref === 'oldest'
              ? await edgeIssueEvent(deps.db, issue.id, 'oldest')
              : await findIssueEvent(deps.db, issue.projectId, issue.id, ref);
        if (!event) throw new NotFoundError('event not found');
        return withNeighbours(deps, event);
      },
    });
    refuseWrites(app, url);
  }

  const projectEventUrl = '/api/0/projects/:org/:project/events/:eventId/';
  defineRoute(app, {
    method: 'GET',
    url: projectEventUrl,
    summary: "Retrieve one of a project's events by id",
    tag: 'events',
    scopes: ['event:read'],
    params: projectParams.extend({
      eventId: z
        .string()
        .transform((v) => v.replace(/-/g, '').toLowerCase())
        .pipe(z.string().regex(/^[0-9a-f]{32}$/, 'an event id is 32 hex characters')),
    }),
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'event:read');
      const event = await getEvent(deps.db, project.id, params.eventId);
      if (!event) throw new NotFoundError('event not found');
      return withNeighbours(deps, event);
    },
  });
  refuseWrites(app, projectEventUrl);
}
