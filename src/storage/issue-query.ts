import {
  sql,
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SqlBool,
  type Transaction,
} from 'kysely';
import { toIssueRecord, type IssueRecord } from './issues.js';
import { applyKeyset, finishPage, type Page, type PageRequest } from './pagination.js';
import type { IssueStatus, IssueSubstatus, Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

export type Comparison = '>' | '>=' | '<' | '<=' | '=';

/** A moment named in a search: `ago` seconds before the query runs, or an absolute time (epoch seconds). */
export type SearchTime = { ago: number } | { at: number };

/** One condition of an issue search (Sentry's search syntax, parsed by src/api/issues/parse-search.ts). */
export type IssueFilter =
  | { kind: 'status'; status: IssueStatus; negated: boolean }
  | { kind: 'substatus'; substatus: IssueSubstatus; negated: boolean }
  | { kind: 'assigned'; assigned: boolean }
  | { kind: 'bookmarked'; negated: boolean }
  | { kind: 'level'; values: string[]; negated: boolean }
  /** Some event of the issue carried the tag with one of the values (negated: none did). */
  | { kind: 'tag'; key: string; values: string[]; negated: boolean }
  | { kind: 'has'; key: string; negated: boolean }
  | { kind: 'firstRelease'; values: string[]; negated: boolean }
  | { kind: 'seen'; field: 'firstSeen' | 'lastSeen'; op: Comparison; time: SearchTime }
  | { kind: 'timesSeen'; op: Comparison; value: number };

/** A parsed search: every filter must hold, and `text` (when set) must occur in the title or culprit. */
export interface IssueSearch {
  filters: IssueFilter[];
  text?: string;
}

/** Sentry's list sorts: last seen, first seen, events, users. */
export const ISSUE_SORTS = ['date', 'new', 'freq', 'user'] as const;
export type IssueSort = (typeof ISSUE_SORTS)[number];

const SORT_COLUMN = {
  date: 'issues.last_seen',
  new: 'issues.first_seen',
  freq: 'issues.times_seen',
  user: 'issues.user_count',
} as const satisfies Record<IssueSort, string>;

/** The value an issue is ordered by under `sort` (the first half of its keyset cursor). */
export function sortValue(issue: IssueRecord, sort: IssueSort): number {
  switch (sort) {
    case 'date':
      return issue.lastSeen;
    case 'new':
      return issue.firstSeen;
    case 'freq':
      return issue.timesSeen;
    case 'user':
      return issue.userCount;
  }
}

export interface IssueListQuery {
  projectIds: number[];
  search: IssueSearch;
  /** Only issues last seen within this window (epoch seconds). */
  window?: { since?: number | undefined; until?: number | undefined };
  /** What relative times in the search are measured from (epoch seconds). */
  now: number;
}

type IssuesEb = ExpressionBuilder<Schema, 'issues'>;

function resolveTime(t: SearchTime, now: number): number {
  return 'at' in t ? t.at : now - t.ago;
}

/** `%`, `_` and `\` match themselves in the free-text pattern. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function tagExists(eb: IssuesEb, key: string, values: string[] | undefined): Expression<SqlBool> {
  // Correlated on the primary key (issue_id, key, value): one index probe per candidate issue.
  let sub = eb
    .selectFrom('issue_tag_values as t')
    .select(sql.lit(1).as('one'))
    .whereRef('t.issue_id', '=', 'issues.id')
    .where('t.key', '=', key);
  if (values) sub = sub.where('t.value', 'in', values);
  return eb.exists(sub);
}

function filterExpression(eb: IssuesEb, f: IssueFilter, now: number): Expression<SqlBool> {
  switch (f.kind) {
    case 'status':
      return eb('issues.status', f.negated ? '!=' : '=', f.status);
    case 'substatus':
      return f.negated
        ? eb.or([eb('issues.substatus', '!=', f.substatus), eb('issues.status', '!=', 'unresolved')])
        : eb.and([eb('issues.substatus', '=', f.substatus), eb('issues.status', '=', 'unresolved')]);
    case 'assigned':
      return eb('issues.assigned_to', f.assigned ? 'is not' : 'is', null);
    case 'bookmarked':
      return eb('issues.is_bookmarked', '=', f.negated ? 0 : 1);
    case 'level':
      return eb('issues.level', f.negated ? 'not in' : 'in', f.values);
    case 'tag':
      return f.negated ? eb.not(tagExists(eb, f.key, f.values)) : tagExists(eb, f.key, f.values);
    case 'has':
      return f.negated ? eb.not(tagExists(eb, f.key, undefined)) : tagExists(eb, f.key, undefined);
    case 'firstRelease':
      return f.negated
        ? eb.or([eb('issues.first_release', 'is', null), eb('issues.first_release', 'not in', f.values)])
        : eb('issues.first_release', 'in', f.values);
    case 'seen':
      return eb(
        f.field === 'firstSeen' ? 'issues.first_seen' : 'issues.last_seen',
        f.op,
        resolveTime(f.time, now),
      );
    case 'timesSeen':
      return eb('issues.times_seen', f.op, f.value);
  }
}

function baseQuery(db: Db, q: IssueListQuery) {
  return db
    .selectFrom('issues')
    .where('issues.project_id', 'in', q.projectIds)
    .where('issues.merged_into', 'is', null)
    .where((eb) => {
      const all: Expression<SqlBool>[] = q.search.filters.map((f) => filterExpression(eb, f, q.now));
      if (q.window?.since !== undefined) all.push(eb('issues.last_seen', '>=', q.window.since));
      if (q.window?.until !== undefined) all.push(eb('issues.last_seen', '<=', q.window.until));
      if (q.search.text) {
        const pattern = likePattern(q.search.text);
        all.push(
          eb.or([
            sql<SqlBool>`lower(issues.title) LIKE ${pattern} ESCAPE '\\'`,
            sql<SqlBool>`lower(issues.culprit) LIKE ${pattern} ESCAPE '\\'`,
          ]),
        );
      }
      return eb.and(all);
    });
}

/**
 * One page of the issues matching a search, in `sort` order (descending), keyset-paginated on
 * (sort value, id). Merged issues (tombstones) are never listed.
 */
export async function searchIssues(
  db: Db,
  q: IssueListQuery,
  sort: IssueSort,
  page: PageRequest,
): Promise<Page<IssueRecord>> {
  if (q.projectIds.length === 0) return { rows: [], hasMore: false };
  const rows = await applyKeyset(
    baseQuery(db, q).selectAll('issues'),
    SORT_COLUMN[sort],
    'issues.id',
    page,
  ).execute();
  return finishPage(rows.map(toIssueRecord), page);
}

/** How many issues match a search (Sentry's `X-Hits`). */
export async function countIssues(db: Db, q: IssueListQuery): Promise<number> {
  if (q.projectIds.length === 0) return 0;
  const r = await baseQuery(db, q)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Every issue matching a search, up to `limit`, most recently seen first (for bulk changes). */
export async function matchingIssues(db: Db, q: IssueListQuery, limit: number): Promise<IssueRecord[]> {
  if (q.projectIds.length === 0) return [];
  const rows = await baseQuery(db, q)
    .selectAll('issues')
    .orderBy('issues.last_seen', 'desc')
    .orderBy('issues.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toIssueRecord);
}

/** Issues of a project by id; ids of other projects, unknown ids and merged issues are left out. */
export async function findProjectIssues(db: Db, projectId: number, ids: number[]): Promise<IssueRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('issues')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .where('merged_into', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map(toIssueRecord);
}
