import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePageRequest } from '../pagination.js';

/** A page by position, as Sentry's OffsetPaginator pages releases and deploys. */
export interface OffsetPage {
  page: number;
  limit: number;
  offset: number;
}

/**
 * Reads `?cursor=` and `?per_page=`. Release lists are grouped by version and have no row id to key
 * on, so they page by offset, with the cursor Sentry's OffsetPaginator writes: `limit:page:is_prev`.
 */
export function parseOffsetPage(query: Record<string, unknown>, defaultLimit = 100): OffsetPage {
  const req = parsePageRequest(query, defaultLimit);
  const page = req.after ? req.after.id : 0;
  return { page, limit: req.limit, offset: page * req.limit };
}

/** Sets Sentry's `Link` header (previous, next) for an offset page. */
export function setOffsetLinkHeader(
  request: FastifyRequest,
  reply: FastifyReply,
  p: OffsetPage,
  hasMore: boolean,
): void {
  const url = new URL(request.url, `${request.protocol}://${request.headers.host ?? 'localhost'}`);
  const link = (cursor: string, rel: string, results: boolean) => {
    url.searchParams.set('cursor', cursor);
    return `<${url.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  reply.header(
    'link',
    `${link(`${p.limit}:${Math.max(0, p.page - 1)}:1`, 'previous', p.page > 0)}, ` +
      link(`${p.limit}:${p.page + 1}:0`, 'next', hasMore),
  );
}
