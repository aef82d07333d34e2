import { useEffect } from 'react';
import { endpoints } from '../api/client';
import type { TagAlert, TagSite } from '../api/types';
import { useApi, useRefresh } from '../api/use-api';
import { Link } from '../components/link';
import { AlertTable } from '../components/tags/alert-table';
import { SiteNav, TagCrumbs } from '../components/tags/site-nav';
import { fullNumber } from '../format';
import { navigate, paths, queryString, useLocation } from '../router';

const FILTERS = [
  { id: 'all', label: 'All' },
  { id: 'open', label: 'Open' },
  { id: 'resolved', label: 'Resolved' },
] as const;
type Filter = (typeof FILTERS)[number]['id'];

function readFilter(search: string): Filter {
  const s = new URLSearchParams(search).get('status');
  return s === 'open' || s === 'resolved' ? s : 'all';
}

/** Alerts, open and resolved, of one site or of every site of the organization. */
export function TagAlertsPage({ org, site }: { org: string; site: string | undefined }) {
  const loc = useLocation();
  const status = readFilter(loc.search);
  const base = site ? endpoints.tagSiteAlerts(org, site) : endpoints.tagAlerts(org);
  const list = useApi<TagAlert[]>(base + queryString({ status, limit: 500 }));
  const siteInfo = useApi<TagSite>(site ? endpoints.tagSite(org, site) : null);
  useRefresh(30_000, base);

  const s = siteInfo.data;
  useEffect(() => {
    document.title = `Alerts · ${site ? `${s?.name ?? site} · ` : ''}Tag monitoring · Faultline`;
  }, [site, s?.name]);

  const alerts = site
    ? list.data?.map((a) => ({ ...a, site_slug: site, site_name: s?.name ?? site }))
    : list.data;
  const open = alerts?.filter((a) => a.status === 'open').length;
  const error = list.error ?? siteInfo.error;

  return (
    <div className="page tag-page">
      <TagCrumbs org={org} site={site} siteName={s?.name} here="Alerts" />
      <div className="page-header">
        <h1 className="page-title">
          {site ? `Alerts of ${s?.name ?? site}` : 'Alerts of every site'}
          {alerts && status === 'all' && (
            <span className="page-count">
              {fullNumber(open ?? 0)} open · {fullNumber(alerts.length - (open ?? 0))} resolved
            </span>
          )}
        </h1>
        <div className="segmented" role="group" aria-label="Alert status">
          {FILTERS.map((f) => (
            <button
              key={f.id}
              type="button"
              aria-pressed={status === f.id}
              className={status === f.id ? 'active' : undefined}
              onClick={() =>
                navigate(paths.tagAlerts(org, site, f.id === 'all' ? undefined : f.id), {
                  replace: true,
                  keepScroll: true,
                })
              }
            >
              {f.label}
            </button>
          ))}
        </div>
      </div>
      {site && (
        <SiteNav
          org={org}
          site={site}
          current="alerts"
          openAlerts={status === 'resolved' ? undefined : open}
        />
      )}
      {error && (
        <div className="banner banner-error" role="alert">
          {error.status === 404
            ? `There is no tag-monitoring site “${site}” in this organization.`
            : error.detail}{' '}
          <Link href={paths.tagControlRoom(org)}>Back to tag monitoring</Link>
        </div>
      )}
      {!error && (
        <AlertTable
          org={org}
          alerts={alerts}
          showSite={!site}
          label={status === 'all' ? 'Alerts' : `${status === 'open' ? 'Open' : 'Resolved'} alerts`}
          empty={
            status === 'open'
              ? 'No open alerts: every rule holds.'
              : status === 'resolved'
                ? 'No resolved alerts yet.'
                : 'No alerts yet: every rule has held.'
          }
        />
      )}
    </div>
  );
}
