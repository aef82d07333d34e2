import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { listAttachments } from '../../storage/events.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { requireProjectAccess } from '../auth/project-access.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { eventParams, serializeAttachment } from './list.js';

// Raster images are shown inline by the dashboard; everything else is only ever downloaded.
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * GET /api/0/projects/{org}/{project}/events/{event_id}/attachments/{name}/ — the attachment's
 * details, or with `?download=1` its bytes. Attachments are whatever an SDK sent and are served from
 * the dashboard's own origin, so they come with a sandboxing CSP, `nosniff`, and (except raster
 * images) `Content-Disposition: attachment`: an uploaded HTML or SVG file can never run as a page.
 */
export function downloadAttachmentRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/projects/:org/:project/events/:eventId/attachments/:name/',
    summary: "Retrieve an event's attachment (`?download=1` for its content)",
    tag: 'events',
    scopes: ['event:read'],
    params: eventParams.extend({ name: z.string().min(1).max(1000) }),
    query: z.object({ download: z.string().optional() }),
    handler: async ({ params, query }, request, reply) => {
      const p = await requirePrincipal(request, deps.db);
      const { project } = await requireProjectAccess(deps.db, p, params.org, params.project, 'event:read');
      const found = (await listAttachments(deps.db, project.id, params.eventId)).find(
        (a) => a.name === params.name,
      );
      if (!found) throw new NotFoundError('attachment not found');
      if (query.download === undefined || query.download === '0' || query.download === 'false') {
        return serializeAttachment(params.eventId, found);
      }
      const type = (found.contentType ?? '').split(';')[0]!.trim().toLowerCase();
      const inline = INLINE_TYPES.has(type);
      const filename = encodeURIComponent(found.name);
      return reply
        .header('content-type', inline ? type : 'application/octet-stream')
        .header('content-length', String(found.data.length))
        .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${filename}`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, max-age=3600')
        .send(found.data);
    },
  });
}
