import type { ReactNode } from 'react';
import { useCurrentProject } from '../project-context';
import { paths, type Route } from '../router';
import { useSession } from '../session';
import { Link } from './link';
import { Logo } from './logo';
import { PageSkeleton } from './page-skeleton';
import { ProjectSwitcher } from './project-switcher';
import { Skeleton } from './skeleton';
import { UserMenu } from './user-menu';

function orgOf(route: Route): string | undefined {
  return 'org' in route ? route.org : undefined;
}

/** The frame around every signed-in page: brand, organization and project, sections, account. */
export function AppShell({
  route,
  children,
  booting = false,
}: {
  route: Route;
  children?: ReactNode;
  booting?: boolean;
}) {
  const { state } = useSession();
  const org = orgOf(route);
  const current = useCurrentProject(
    booting ? undefined : org,
    route.name === 'settings' ? route.project : undefined,
  );
  const project = current.project?.slug;
  const section = route.name === 'issue' ? 'issues' : route.name.startsWith('tag') ? 'tags' : route.name;
  const tabs =
    org && project
      ? [
          { id: 'issues', label: 'Issues', href: paths.issues(org, { project }) },
          { id: 'releases', label: 'Releases', href: paths.releases(org, project) },
          { id: 'settings', label: 'Settings', href: paths.settings(org, project) },
        ]
      : [];
  // Tag monitoring belongs to the organization, not to the project in the switcher.
  if (org) tabs.push({ id: 'tags', label: 'Tag monitoring', href: paths.tagControlRoom(org) });
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <Link href="/" className="brand" aria-label="Faultline home">
            <Logo />
            <span className="brand-name">Faultline</span>
          </Link>
          {booting || state.status !== 'signedIn' ? (
            <Skeleton width={180} height={28} />
          ) : org ? (
            <ProjectSwitcher me={state.me} org={org} current={current} />
          ) : null}
          <nav className="tabs" aria-label="Sections">
            {tabs.map((t) => (
              <Link
                key={t.id}
                href={t.href}
                className="tab"
                aria-current={section === t.id ? 'page' : undefined}
              >
                {t.label}
              </Link>
            ))}
          </nav>
          <div className="topbar-end">
            {state.status === 'signedIn' ? (
              <UserMenu me={state.me} org={org} project={project} />
            ) : (
              <Skeleton width={32} height={32} style={{ borderRadius: 16 }} />
            )}
          </div>
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {booting ? <PageSkeleton route={route} /> : children}
      </main>
    </div>
  );
}
