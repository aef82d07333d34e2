import { useEffect } from 'react';
import { AppShell } from './components/app-shell';
import { PageSkeleton } from './components/page-skeleton';
import { Redirect } from './components/redirect';
import { LazyPage } from './lazy-page';
import {
  loadIssuePage,
  loadIssuesPage,
  loadReleasesPage,
  loadSettingsPage,
  loadSetupPage,
  loadTagAlertsPage,
  loadTagControlRoomPage,
  loadTagDetailPage,
  loadTagSitePage,
} from './page-loaders';
import { HomeRedirect } from './pages/home-redirect';
import { SignInPage } from './pages/sign-in-page';
import { SignUpPage } from './pages/sign-up-page';
import { matchRoute, paths, useLocation, type Route } from './router';
import { useSession } from './session';

function page(route: Route) {
  const fallback = <PageSkeleton route={route} />;
  switch (route.name) {
    case 'issues':
      return <LazyPage load={loadIssuesPage} props={{ org: route.org }} fallback={fallback} />;
    case 'issue':
      return (
        <LazyPage
          load={loadIssuePage}
          props={{ org: route.org, issueId: route.issueId, eventId: route.eventId }}
          fallback={fallback}
        />
      );
    case 'releases':
      return <LazyPage load={loadReleasesPage} props={{ org: route.org }} fallback={fallback} />;
    case 'settings':
      return (
        <LazyPage
          load={loadSettingsPage}
          props={{ org: route.org, projectSlug: route.project }}
          fallback={fallback}
        />
      );
    case 'setup':
      return <LazyPage load={loadSetupPage} props={{}} fallback={fallback} />;
    case 'tagControlRoom':
      return <LazyPage load={loadTagControlRoomPage} props={{ org: route.org }} fallback={fallback} />;
    case 'tagSite':
      return (
        <LazyPage load={loadTagSitePage} props={{ org: route.org, site: route.site }} fallback={fallback} />
      );
    case 'tagDetail':
      return (
        <LazyPage
          load={loadTagDetailPage}
          props={{ org: route.org, site: route.site, tag: route.tag }}
          fallback={fallback}
        />
      );
    case 'tagAlerts':
      return (
        <LazyPage load={loadTagAlertsPage} props={{ org: route.org, site: route.site }} fallback={fallback} />
      );
    case 'home':
      return <HomeRedirect />;
    default:
      return (
        <div className="page narrow">
          <h1 className="page-title">Page not found</h1>
          <p className="muted">There is nothing at this address.</p>
        </div>
      );
  }
}

/** Which page the URL and the session call for: sign-in pages, set-up, or a page in the shell. */
export function Routes() {
  const loc = useLocation();
  const route = matchRoute(loc.pathname);
  const { state } = useSession();
  const next = new URLSearchParams(loc.search).get('next') ?? undefined;
  const safeNext = next && next.startsWith('/') && !next.startsWith('//') ? next : '/';

  useEffect(() => {
    const titles: Record<string, string> = {
      login: 'Sign in',
      signup: 'Create account',
      setup: 'Set up',
      issues: 'Issues',
      releases: 'Releases',
      settings: 'Settings',
    };
    // The issue and tag-monitoring pages name what they show themselves.
    if (route.name !== 'issue' && !route.name.startsWith('tag'))
      document.title = titles[route.name] ? `${titles[route.name]} · Faultline` : 'Faultline';
  }, [route.name]);

  if (state.status === 'loading') return <AppShell route={route} booting />;
  if (state.status === 'unreachable') {
    return (
      <div className="auth-screen">
        <div className="auth-card" role="alert">
          <h1>Faultline is not answering</h1>
          <p className="muted">{state.message}</p>
          <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
            Try again
          </button>
        </div>
      </div>
    );
  }
  if (route.name === 'login' || route.name === 'signup') {
    if (state.status === 'signedIn') return <Redirect to={safeNext} />;
    return route.name === 'login' ? <SignInPage next={safeNext} /> : <SignUpPage next={safeNext} />;
  }
  if (state.status === 'signedOut') {
    const here = loc.pathname + loc.search;
    return <Redirect to={paths.login(here === '/' ? undefined : here)} />;
  }
  // A signed-in person without an organization starts with the set-up.
  if (state.me.organizations.length === 0 && route.name !== 'setup') return <Redirect to={paths.setup()} />;
  return <AppShell route={route}>{page(route)}</AppShell>;
}
