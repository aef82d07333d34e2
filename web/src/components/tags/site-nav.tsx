import { paths } from '../../router';
import { Link } from '../link';

/** Breadcrumb of the tag-monitoring pages: control room, then the site, then what is in view. */
export function TagCrumbs({
  org,
  site,
  siteName,
  here,
}: {
  org: string;
  site?: string;
  siteName?: string;
  here: string;
}) {
  return (
    <nav className="crumbs-nav" aria-label="Breadcrumb">
      <Link href={paths.tagControlRoom(org)}>Tag monitoring</Link>
      {site && (
        <>
          <span aria-hidden="true">/</span>
          <Link href={paths.tagSite(org, site)}>{siteName ?? site}</Link>
        </>
      )}
      <span aria-hidden="true">/</span>
      <span aria-current="page">{here}</span>
    </nav>
  );
}

/** A site's two views: its overview and its alerts. */
export function SiteNav({
  org,
  site,
  current,
  openAlerts,
  hours,
}: {
  org: string;
  site: string;
  current: 'overview' | 'alerts';
  openAlerts: number | undefined;
  hours?: number;
}) {
  return (
    <nav className="subnav" aria-label="Site views">
      <Link href={paths.tagSite(org, site, hours)} aria-current={current === 'overview' ? 'page' : undefined}>
        Overview
      </Link>
      <Link href={paths.tagAlerts(org, site)} aria-current={current === 'alerts' ? 'page' : undefined}>
        Alerts
        {openAlerts !== undefined && openAlerts > 0 && (
          <span className="subnav-count" aria-label={`${openAlerts} open`}>
            {openAlerts}
          </span>
        )}
      </Link>
    </nav>
  );
}
