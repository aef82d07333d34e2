import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../lib/errors.js';
import {
  listAlerts,
  listOpenAlerts,
  listOpenAlertsOf,
  listProbeResults,
  listRecentAlerts,
  type TagAlert,
} from '../../storage/tag-alerts.js';
import {
  listBuckets,
  sumBuckets,
  sumEventsByName,
  sumTags,
  type TagCounts,
} from '../../storage/tag-buckets.js';
import { listTagSites, type TagSite } from '../../storage/tag-sites.js';
import { probeSite } from '../../processing/tag-probe.js';
import { defineRoute } from '../define-route.js';
import type { ApiDeps } from '../deps.js';
import {
  hoursQuery,
  iso,
  orgParams,
  pct,
  period,
  requireOrg,
  requireSite,
  siteParams,
} from './site-access.js';

const TAG = 'tag-monitoring';

function serializeTag(name: string, c: TagCounts): Record<string, unknown> {
  return {
    tag_name: name,
    total_executions: c.count,
    success_count: c.success,
    // Probr's failure_count is failure + timeout + exception; the parts are kept beside it.
    failure_count: c.failure + c.timeout + c.exception,
    timeout_count: c.timeout,
    exception_count: c.exception,
    success_rate: pct(c.success, c.count) ?? 0,
    avg_execution_time_ms: c.count > 0 ? Math.round((c.totalExecMs / c.count) * 100) / 100 : 0,
  };
}

function serializeAlert(a: TagAlert): Record<string, unknown> {
  return {
    id: String(a.id),
    site_id: String(a.siteId),
    rule: a.rule,
    rule_key: a.ruleKey,
    severity: a.severity,
    title: a.title,
    message: a.message,
    status: a.resolvedAt === null ? 'open' : 'resolved',
    is_resolved: a.resolvedAt !== null,
    opened_at: iso(a.openedAt),
    updated_at: iso(a.updatedAt),
    resolved_at: iso(a.resolvedAt),
  };
}

/**
 * The tag with the lowest success rate (more failures first on a tie), for the control room; null
 * without executions.
 */
function worstTag(tags: Map<string, TagCounts>): Record<string, unknown> | null {
  let worst: [string, TagCounts] | undefined;
  const rate = (c: TagCounts) => c.success / c.count;
  const failed = (c: TagCounts) => c.count - c.success;
  for (const [name, c] of tags) {
    if (c.count === 0) continue;
    if (
      !worst ||
      rate(c) < rate(worst[1]) ||
      (rate(c) === rate(worst[1]) && failed(c) > failed(worst[1])) ||
      (rate(c) === rate(worst[1]) && failed(c) === failed(worst[1]) && name < worst[0])
    )
      worst = [name, c];
  }
  return worst ? serializeTag(worst[0], worst[1]) : null;
}

/** ok / warning / critical: the worst open alert of a site. */
function siteStatus(alerts: TagAlert[]): 'ok' | 'warning' | 'critical' {
  if (alerts.some((a) => a.severity === 'critical')) return 'critical';
  return alerts.length > 0 ? 'warning' : 'ok';
}

async function overview(deps: ApiDeps, site: TagSite, hours: number): Promise<Record<string, unknown>> {
  const { from, to } = period(hours);
  const prevFrom = from - hours * 3600;
  const [totals, events, previous, tags, open] = await Promise.all([
    sumBuckets(deps.db, site.id, from, to),
    sumEventsByName(deps.db, site.id, from, to),
    sumEventsByName(deps.db, site.id, prevFrom, from),
    sumTags(deps.db, site.id, from, to),
    listOpenAlerts(deps.db, site.id),
  ]);
  const ud = totals.userData;
  const ec = totals.ecommerce;
  return {
    site_id: String(site.id),
    site_name: site.name,
    container_id: totals.containerId,
    period_hours: hours,
    total_events: totals.totalEvents,
    events: [...events]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([name, count]) => {
        const before = previous.get(name) ?? 0;
        return {
          event_name: name,
          total_count: count,
          trend_pct: before > 0 ? Math.round(((count - before) / before) * 10_000) / 100 : null,
        };
      }),
    tags: [...tags].sort((a, b) => a[0].localeCompare(b[0])).map(([name, c]) => serializeTag(name, c)),
    user_data:
      ud.total > 0
        ? {
            email_rate: pct(ud.email, ud.total),
            phone_rate: pct(ud.phone, ud.total),
            address_rate: pct(ud.address, ud.total),
            total_events: ud.total,
          }
        : null,
    ecommerce:
      ec.total > 0
        ? {
            value_rate: pct(ec.value, ec.total),
            currency_rate: pct(ec.currency, ec.total),
            transaction_id_rate: pct(ec.transactionId, ec.total),
            items_rate: pct(ec.items, ec.total),
            total_events: ec.total,
          }
        : null,
    last_seen: iso(totals.lastSeen),
    status: siteStatus(open),
    open_alerts: open.length,
  };
}

/** Read API: overview, minute buckets, per-tag detail, alerts, probes, the control room and all alerts. */
export function readTagSiteRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/overview/',
    summary: 'Totals, events by name with trend, per-tag health and data quality over the last N hours',
    tag: TAG,
    scopes: ['project:read'],
    params: siteParams,
    query: hoursQuery,
    handler: async ({ params, query }, request) =>
      overview(deps, (await requireSite(deps, request, params, 'project:read')).site, query.hours),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/buckets/',
    summary: 'The 1-minute buckets of the last N hours, oldest first, for charts',
    tag: TAG,
    scopes: ['project:read'],
    params: siteParams,
    query: hoursQuery.extend({ limit: z.coerce.number().int().min(1).max(100_000).default(1440) }),
    handler: async ({ params, query }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:read');
      const { from, to } = period(query.hours);
      return (await listBuckets(deps.db, site.id, from, to, query.limit)).map((b) => ({
        site_id: String(site.id),
        container_id: b.containerId,
        window_start: iso(b.minute),
        window_seconds: 60,
        total_events: b.totalEvents,
        event_counts: b.events,
        tag_metrics: Object.fromEntries(
          Object.entries(b.tags).map(([name, c]) => [
            name,
            {
              success: c.success,
              failure: c.failure,
              timeout: c.timeout,
              exception: c.exception,
              total_exec_ms: c.totalExecMs,
              count: c.count,
            },
          ]),
        ),
        user_data_quality: b.userData,
        ecommerce_quality: {
          value: b.ecommerce.value,
          currency: b.ecommerce.currency,
          transaction_id: b.ecommerce.transactionId,
          items: b.ecommerce.items,
          total: b.ecommerce.total,
        },
        received_at: iso(b.receivedAt),
      }));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/tags/:tag/',
    summary: "One tag's executions, success rate and average execution time; 404 without data",
    tag: TAG,
    scopes: ['project:read'],
    params: siteParams.extend({ tag: z.string().min(1) }),
    query: hoursQuery,
    handler: async ({ params, query }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:read');
      const { from, to } = period(query.hours);
      const c = (await sumTags(deps.db, site.id, from, to, params.tag)).get(params.tag);
      if (!c || c.count === 0) throw new NotFoundError(`no data for tag ${params.tag}`);
      return serializeTag(params.tag, c);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/alerts/',
    summary: "A site's alerts, newest first: open, resolved or all",
    tag: TAG,
    scopes: ['project:read'],
    params: siteParams,
    query: z.object({
      status: z.enum(['open', 'resolved', 'all']).default('all'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ params, query }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:read');
      return (await listAlerts(deps.db, site.id, query.status, query.limit)).map(serializeAlert);
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-sites/:site/probes/',
    summary: "A site's HTTP health probe results, newest first",
    tag: TAG,
    scopes: ['project:read'],
    params: siteParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(50) }),
    handler: async ({ params, query }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:read');
      return (await listProbeResults(deps.db, site.id, query.limit)).map(serializeProbe);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/0/organizations/:org/tag-sites/:site/probes/run/',
    summary: 'Probe the sGTM endpoint now; the result feeds the probe alert',
    tag: TAG,
    scopes: ['project:write'],
    params: siteParams,
    handler: async ({ params }, request) => {
      const { site } = await requireSite(deps, request, params, 'project:write');
      return serializeProbe(await probeSite(deps.db, site));
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-control-room/',
    summary: 'Every site at a glance: ok / warning / critical from open alerts, last hour totals, last probe',
    tag: TAG,
    scopes: ['project:read'],
    params: orgParams,
    handler: async ({ params }, request) => {
      const access = await requireOrg(deps, request, params.org, 'project:read');
      const sites = await listTagSites(deps.db, access.organization.id);
      const ids = sites.map((s) => s.id);
      const [open, recent] = await Promise.all([
        listOpenAlertsOf(deps.db, ids),
        listRecentAlerts(deps.db, ids, 20),
      ]);
      const { from, to } = period(1);
      const rows = await Promise.all(
        sites.map(async (s) => {
          const mine = open.filter((a) => a.siteId === s.id);
          const [totals, tags, probe] = await Promise.all([
            sumBuckets(deps.db, s.id, from, to),
            sumTags(deps.db, s.id, from, to),
            listProbeResults(deps.db, s.id, 1),
          ]);
          return {
            site_id: String(s.id),
            site_slug: s.slug,
            site_name: s.name,
            enabled: s.enabled,
            overall_status: siteStatus(mine),
            active_alerts: mine.length,
            events_last_hour: totals.totalEvents,
            last_seen: iso(totals.lastSeen),
            worst_tag: worstTag(tags),
            probe: probe[0] ? serializeProbe(probe[0]) : null,
          };
        }),
      );
      return {
        total_sites: rows.length,
        total_ok: rows.filter((r) => r.overall_status === 'ok').length,
        total_warning: rows.filter((r) => r.overall_status === 'warning').length,
        total_critical: rows.filter((r) => r.overall_status === 'critical').length,
        sites: rows,
        recent_alerts: recent.map(serializeAlert),
      };
    },
  });

  orgAlertRoutes(app, deps);
}

/** GET /organizations/{org}/tag-alerts/: the alerts of every site of an organization, for one list. */
function orgAlertRoutes(app: FastifyInstance, deps: ApiDeps): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/0/organizations/:org/tag-alerts/',
    summary: "Every site's alerts, newest first: open, resolved or all, each with its site",
    tag: TAG,
    scopes: ['project:read'],
    params: orgParams,
    query: z.object({
      status: z.enum(['open', 'resolved', 'all']).default('all'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
    }),
    handler: async ({ params, query }, request) => {
      const access = await requireOrg(deps, request, params.org, 'project:read');
      const sites = await listTagSites(deps.db, access.organization.id);
      // A site's newest `limit` alerts each, merged: sites are few, and this needs no new query.
      const lists = await Promise.all(sites.map((s) => listAlerts(deps.db, s.id, query.status, query.limit)));
      const bySite = new Map(sites.map((s) => [s.id, s]));
      return lists
        .flat()
        .sort((a, b) => b.openedAt - a.openedAt || b.id - a.id)
        .slice(0, query.limit)
        .map((a) => ({
          ...serializeAlert(a),
          site_slug: bySite.get(a.siteId)?.slug ?? null,
          site_name: bySite.get(a.siteId)?.name ?? null,
        }));
    },
  });
}

function serializeProbe(r: Awaited<ReturnType<typeof listProbeResults>>[number]): Record<string, unknown> {
  return {
    probe_type: 'http_health',
    status: r.status,
    status_code: r.statusCode,
    response_time_ms: r.responseTimeMs,
    message: r.message,
    executed_at: iso(r.executedAt),
  };
}
