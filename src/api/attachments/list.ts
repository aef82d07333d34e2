import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { listAttachments } from '../../storage/events.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { projectParams } from '../projects/params.js';

/** `{org}/{project}/events/{event_id}` path parameters (dashes of a UUID-style id are dropped). */
export const eventParams = projectParams.extend({
  eventId: z
    .string()
    .transform((v) => v.replace(/-/g, '').toLowerCase())
    .pipe(z.string().regex(/^[0-9a-f]{32}$/, 'an event id is 32 hex characters')),
});

/** An attachment in Sentry's shape; its `id` is its name, unique within the event here. */
export function serializeAttachment(
  eventId: string,
  a: { name: string; contentType: string | null; attachmentType: string | null; size: number; data: Buffer },
) {
  const mimetype = a.contentType ?? 'application/octet-stream';
  return {
    id: a.name,
    event_id: eventId,
    name: a.name,
    type: a.attachmentType ?? 'event.attachment',
    mimetype,
    size: a.size,
    sha1: createHash('sha1').update(a.data).digest('hex'),
    headers: { 'Content-Type': mimetype },
  };
}

/** GET /api/0/projects/{org}/{project}/events/{event_id}/attachments/ */
export function listAttachmentsRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/events/:eventId/attachments/',
    summary: "List an event's attachments",
    tag: 'events',
    scopes: ['event:read'],
    params: eventParams,
    handler: async ({ params }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'event:read');
      const rows = await listAttachments(deps.db, project.id, params.eventId);
      return rows.map((a) => serializeAttachment(params.eventId, a));
    },
  });
}
