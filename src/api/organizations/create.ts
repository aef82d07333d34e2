import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnprocessableError } from '../../lib/errors.js';
import { slugify } from '../../lib/ids.js';
import { addMember, findOrganizationBySlug } from '../../storage/organizations.js';
import { ensureOrganization } from '../../storage/projects.js';
import { requirePrincipal } from '../auth/request-auth.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { serializeOrganization } from '../serialize/organization.js';

/** POST /api/0/organizations/ — creates an organization with the caller as its owner. */
export function createOrganizationRoute(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/',
    summary: 'Create an organization',
    tag: 'organizations',
    body: z.object({
      name: z.string().trim().min(1).max(64),
      slug: z.string().trim().min(1).max(50).optional(),
    }),
    status: 201,
    handler: async ({ body }, request) => {
      const p = await requirePrincipal(request, deps.db);
      const slug = slugify(body.slug ?? body.name);
      if (await findOrganizationBySlug(deps.db, slug))
        throw new UnprocessableError('an organization with this slug already exists');
      const { id } = await ensureOrganization(deps.db, slug, body.name);
      await addMember(deps.db, id, p.userId, 'owner');
      return serializeOrganization((await findOrganizationBySlug(deps.db, slug))!, 'owner');
    },
  });
}
