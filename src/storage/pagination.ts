import { sql, type SelectQueryBuilder } from 'kysely';

/**
 * A keyset page request: the position is the (sort value, id) of the row the previous page ended on
 * (or, going back, began with). Keyset rather than offset so that rows inserted meanwhile never shift
 * a page: walking every page yields each row once.
 */
export interface PageRequest {
  after?: { value: number; id: number };
  /** Walk backwards from `after` (Sentry's is_prev). */
  isPrev: boolean;
  limit: number;
}

export interface Page<T> {
  rows: T[];
  /** More rows exist in the direction walked. */
  hasMore: boolean;
}

/** Orders by `sortCol` desc, `idCol` desc and applies the keyset position and limit (+1 to detect more). */
export function applyKeyset<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  sortCol: string,
  idCol: string,
  page: PageRequest,
): SelectQueryBuilder<DB, TB, O> {
  const s = sql.ref(sortCol);
  const id = sql.ref(idCol);
  let q = qb;
  if (page.after) {
    const { value, id: afterId } = page.after;
    q = page.isPrev
      ? q.where(sql<boolean>`(${s} > ${value} OR (${s} = ${value} AND ${id} > ${afterId}))`)
      : q.where(sql<boolean>`(${s} < ${value} OR (${s} = ${value} AND ${id} < ${afterId}))`);
  }
  const dir = page.isPrev ? sql`ASC` : sql`DESC`;
  return q
    .orderBy(sql`${s} ${dir}`)
    .orderBy(sql`${id} ${dir}`)
    .limit(page.limit + 1);
}

/** Trims the extra row and restores descending order for a backwards page. */
export function finishPage<T>(rows: T[], page: PageRequest): Page<T> {
  const hasMore = rows.length > page.limit;
  const kept = rows.slice(0, page.limit);
  return { rows: page.isPrev ? kept.reverse() : kept, hasMore };
}
