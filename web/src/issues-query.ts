import { endpoints } from './api/client';
import { queryString } from './router';
import { quoteValue } from './search-suggestions';

/** Issues per page of the list. */
export const PER_PAGE = 50;

/** The issue list's state, all of it in the URL's query string. */
export interface ListParams {
  query: string;
  status: string;
  level: string;
  environment: string;
  release: string;
  range: string;
  sort: string;
  stats: string;
  cursor: string;
}

/** The list's state from a query string, with the defaults (unresolved, last seen, 24 h graph). */
export function readListParams(search: string): ListParams {
  const p = new URLSearchParams(search);
  return {
    query: p.get('query') ?? '',
    status: p.get('status') ?? 'unresolved',
    level: p.get('level') ?? '',
    environment: p.get('environment') ?? '',
    release: p.get('release') ?? '',
    range: p.get('range') ?? '',
    sort: p.get('sort') ?? 'date',
    stats: p.get('stats') ?? '24h',
    cursor: p.get('cursor') ?? '',
  };
}

/** The search the API gets: the filters as search terms, then what was typed. */
export function composeQuery(s: ListParams): string {
  const parts: string[] = [];
  if (s.status !== 'all') parts.push(`is:${s.status}`);
  if (s.level) parts.push(`level:${s.level}`);
  if (s.release) parts.push(`release:${quoteValue(s.release)}`);
  if (s.range) parts.push(`lastSeen:-${s.range}`);
  if (s.query) parts.push(s.query);
  return parts.join(' ');
}

/** The API request behind one view of the list. */
export function issuesListUrl(org: string, project: string, s: ListParams): string {
  return (
    endpoints.projectIssues(org, project) +
    queryString({
      // An empty query would mean Sentry's default (is:unresolved); a space means "no conditions".
      query: composeQuery(s) || ' ',
      sort: s.sort,
      statsPeriod: s.stats,
      environment: s.environment,
      cursor: s.cursor,
      per_page: PER_PAGE,
    })
  );
}
