import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import { listTagValues, summarizeIssueTags, type TagValueCount } from '../../storage/issue-triage.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import { iso } from '../serialize/organization.js';
import { issueRoutePaths, requireIssueAccess } from './access.js';

// Sentry shows nine values per key in the tag summary, and lists at most 1,000.
const TOP_VALUES = 9;
const MAX_VALUES = 1000;

/** Sentry's display name of a tag key: `browser.name` → `Browser.Name`. */
function tagName(key: string): string {
  return key.replace(/(^|[._\s-])([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

function serializeValue(key: string, v: TagValueCount) {
  return {
    key,
    name: v.value,
    value: v.value,
    count: v.count,
    lastSeen: iso(v.lastSeen),
    firstSeen: iso(v.firstSeen),
  };
}

const tagKey = { key: z.string().min(1).max(200) };

/** GET /api/0/issues/{id}/tags/, …/tags/{key}/ and …/tags/{key}/values/ — counts over the issue's events. */
export function listIssueTagsRoutes(app: FastifyInstance, deps: ApiDeps): void {
  for (const { url, params: pathParams } of issueRoutePaths('tags/', {})) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "List an issue's tag keys with their most frequent values",
      tag: 'issues',
      scopes: ['event:read'],
      params: pathParams,
      query: z.object({ key: z.union([z.string(), z.array(z.string())]).optional() }),
      handler: async ({ params, query }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        const keys = query.key === undefined ? undefined : new Set([query.key].flat());
        const summaries = await summarizeIssueTags(deps.db, issue.id, { top: TOP_VALUES });
        return summaries
          .filter((s) => !keys || keys.has(s.key))
          .map((s) => ({
            key: s.key,
            name: tagName(s.key),
            totalValues: s.totalValues,
            uniqueValues: s.uniqueValues,
            topValues: s.topValues.map((v) => serializeValue(s.key, v)),
          }));
      },
    });
  }
  for (const { url, params: pathParams } of issueRoutePaths('tags/:key/', tagKey)) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: 'Retrieve one tag key of an issue: totals and most frequent values',
      tag: 'issues',
      scopes: ['event:read'],
      params: pathParams,
      handler: async ({ params }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        const [s] = await summarizeIssueTags(deps.db, issue.id, { key: params.key, top: TOP_VALUES });
        if (!s) throw new NotFoundError('tag key not found');
        return {
          key: s.key,
          name: tagName(s.key),
          uniqueValues: s.uniqueValues,
          totalValues: s.totalValues,
          topValues: s.topValues.map((v) => serializeValue(s.key, v)),
        };
      },
    });
  }
  for (const { url, params: pathParams } of issueRoutePaths('tags/:key/values/', tagKey)) {
    defineRoute(app, {
      method: 'GET',
      url,
      summary: "List a tag's values for an issue with their counts (at most 1,000)",
      tag: 'issues',
      scopes: ['event:read'],
      params: pathParams,
      query: z.object({
        sort: z
          .enum(['count', '-count', 'date', '-date', 'age', '-age'], {
            message: 'sort must be one of count, date, age, optionally prefixed with -',
          })
          .default('-count'),
      }),
      handler: async ({ params, query }, request) => {
        const { issue } = await requireIssueAccess(deps, request, params, 'event:read');
        const desc = query.sort.startsWith('-');
        const field = query.sort.replace(/^-/, '');
        const by = field === 'count' ? 'count' : field === 'date' ? 'lastSeen' : 'firstSeen';
        const values = await listTagValues(deps.db, issue.id, params.key, { by, desc }, MAX_VALUES);
        return values.map((v) => serializeValue(params.key, v));
      },
    });
  }
}
