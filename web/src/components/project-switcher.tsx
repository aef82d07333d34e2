import type { Me } from '../api/types';
import { rememberProject, type CurrentProject } from '../project-context';
import { navigate, paths } from '../router';
import { Menu, type MenuItem } from './menu';
import { PlatformIcon } from './platform-icon';
import { Skeleton } from './skeleton';

/** Organization and project in view; switching keeps the section (issues, releases, settings). */
export function ProjectSwitcher({
  me,
  org,
  current,
}: {
  me: Me;
  org: string | undefined;
  current: CurrentProject;
}) {
  const orgName = me.organizations.find((o) => o.slug === org)?.name ?? org;
  if (org && current.loading) return <Skeleton width={180} height={28} />;
  const project = current.project;
  const path = window.location.pathname;
  const go = (slug: string) => {
    if (!org) return;
    rememberProject(org, slug);
    if (path.includes('/releases')) navigate(paths.releases(org, slug));
    else if (path.includes('/settings')) navigate(paths.settings(org, slug));
    else navigate(paths.issues(org, { project: slug }));
  };
  const items: MenuItem[] = [];
  if (org) {
    items.push({ kind: 'heading', label: orgName ?? org });
    for (const p of current.projects ?? []) {
      items.push({
        label: p.name,
        hint: p.platform ?? undefined,
        checked: p.slug === project?.slug,
        onSelect: () => go(p.slug),
      });
    }
    items.push({ label: '+ New project', onSelect: () => navigate(paths.setup(org)) });
  }
  const others = me.organizations.filter((o) => o.slug !== org);
  if (others.length > 0) {
    items.push({ kind: 'separator' }, { kind: 'heading', label: 'Organizations' });
    for (const o of others) items.push({ label: o.name, onSelect: () => navigate(paths.issues(o.slug)) });
  }
  return (
    <Menu
      label={`Project: ${project?.name ?? 'none'} in ${orgName ?? 'no organization'}. Switch project`}
      className="switcher"
      items={items}
    >
      <PlatformIcon platform={project?.platform ?? null} />
      <span className="switcher-text">
        <span className="switcher-org">{orgName}</span>
        <span className="switcher-project">{project?.name ?? 'Choose a project'}</span>
      </span>
      <span className="chevron" aria-hidden="true" />
    </Menu>
  );
}
