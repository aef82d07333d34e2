import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../lib/errors.js';
import type { Page, PageRequest } from '../storage/pagination.js';

const MAX_PER_PAGE = 100;

/**
 * Reads `?cursor=` and `?per_page=`. Cursors have Sentry's three-part shape `value:id:is_prev`
 * (Sentry's middle part is an offset; ours is the row id, which keeps pages stable under inserts).
 */
export function parsePageRequest(query: Record<string, unknown>, defaultLimit = MAX_PER_PAGE): PageRequest {
  const perPage = query.per_page ?? query.limit;
  const limit = perPage === undefined ? defaultLimit : Number(perPage);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PER_PAGE) {
    throw new ValidationError(`per_page must be an integer from 1 to ${MAX_PER_PAGE}`);
  }
  const cursor = query.cursor;
  if (cursor === undefined || cursor === '') return { isPrev: false, limit };
  const m = typeof cursor === 'string' ? /^(-?\d+(?:\.\d+)?):(\d+):([01])$/.exec(cursor) : null;
  if (!m) throw new ValidationError('invalid cursor');
  const isPrev = m[3] === '1';
  const id = Number(m[2]);
  // `0:0:0`-style cursors (Sentry's "start") mean the first page.
  if (id === 0) return { isPrev: false, limit };
  return { after: { value: Number(m[1]), id }, isPrev, limit };
}

function cursorFor(value: number, id: number, isPrev: boolean): string {
  return `${value}:${id}:${isPrev ? 1 : 0}`;
}

/**
 * Sets Sentry's `Link` header: `<url>; rel="previous"; results="…"; cursor="…", <url>; rel="next"; …`.
 * `position` gives each row's (sort value, id).
 */
export function setLinkHeader<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page<T>,
  req: PageRequest,
  position: (row: T) => { value: number; id: number },
): void {
  const first = page.rows[0];
  const last = page.rows.at(-1);
  const hasPrev = req.isPrev ? page.hasMore : req.after !== undefined;
  const hasNext = req.isPrev ? true : page.hasMore;
  const prev = first ? cursorFor(position(first).value, position(first).id, true) : '0:0:1';
  const next = last
    ? cursorFor(position(last).value, position(last).id, false)
    : req.after
      ? cursorFor(req.after.value, req.after.id, false)
      : '0:0:0';
  const host = request.headers.host ?? 'localhost';
  const url = new URL(request.url, `${request.protocol}://${host}`);
  const link = (cursor: string, rel: string, results: boolean) => {
    url.searchParams.set('cursor', cursor);
    return `<${url.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
  };
  reply.header(
    'link',
    `${link(prev, 'previous', hasPrev && first !== undefined)}, ${link(next, 'next', hasNext && last !== undefined)}`,
  );
}
