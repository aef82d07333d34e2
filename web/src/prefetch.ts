import { endpoints } from './api/client';
import { prefetch } from './api/use-api';
import { issuesListUrl, readListParams } from './issues-query';
import { preload } from './lazy-page';
import {
  loadIssuePage,
  loadIssuesPage,
  loadReleasesPage,
  loadSettingsPage,
  loadTagAlertsPage,
  loadTagControlRoomPage,
  loadTagDetailPage,
  loadTagSitePage,
} from './page-loaders';
import { matchRoute, queryString } from './router';
import { readHours } from './tag-window';

/**
 * Starts what the first page needs before React renders: its code and its API requests, side by
 * side, instead of one after the other as components mount (session → projects → list).
 */
export function prefetchFirstPage(): void {
  const route = matchRoute(window.location.pathname);
  const project = new URLSearchParams(window.location.search).get('project');
  if ('org' in route) prefetch(endpoints.orgProjects(route.org));
  if (route.name === 'issues') {
    void preload(loadIssuesPage);
    if (project) prefetch(issuesListUrl(route.org, project, readListParams(window.location.search)));
  } else if (route.name === 'issue') {
    void preload(loadIssuePage);
    prefetch(endpoints.issue(route.org, route.issueId));
    prefetch(endpoints.issueEvent(route.org, route.issueId, route.eventId ?? 'latest'));
    prefetch(endpoints.issueTags(route.org, route.issueId));
  } else if (route.name === 'releases') void preload(loadReleasesPage);
  else if (route.name === 'settings') void preload(loadSettingsPage);
  else if (route.name === 'tagControlRoom') {
    void preload(loadTagControlRoomPage);
    prefetch(endpoints.tagControlRoom(route.org));
  } else if (route.name === 'tagSite' || route.name === 'tagDetail') {
    void preload(route.name === 'tagSite' ? loadTagSitePage : loadTagDetailPage);
    prefetch(endpoints.tagSite(route.org, route.site));
    const hours = readHours(window.location.search);
    if (route.name === 'tagSite')
      prefetch(endpoints.tagOverview(route.org, route.site) + queryString({ hours }));
    else prefetch(endpoints.tagStats(route.org, route.site, route.tag) + queryString({ hours }));
  } else if (route.name === 'tagAlerts') void preload(loadTagAlertsPage);
}
