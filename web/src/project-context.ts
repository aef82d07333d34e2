import { useMemo } from 'react';
import { endpoints } from './api/client';
import type { Project } from './api/types';
import { useApi } from './api/use-api';
import { useLocation } from './router';

const KEY = 'faultline:project:';

/** Remembers the project last looked at in an organization, so the next visit opens it. */
export function rememberProject(org: string, project: string): void {
  try {
    localStorage.setItem(KEY + org, project);
    localStorage.setItem('faultline:org', org);
  } catch {
    // Storage may be off (private mode); remembering is a convenience only.
  }
}

/** The project last looked at in `org`, or the organization last looked at. */
export function remembered(org?: string): string | undefined {
  try {
    return localStorage.getItem(org ? KEY + org : 'faultline:org') ?? undefined;
  } catch {
    return undefined;
  }
}

export interface CurrentProject {
  projects: Project[] | undefined;
  project: Project | undefined;
  /** The slug the URL asks for (may not exist). */
  requested: string | undefined;
  loading: boolean;
}

/**
 * The organization's projects and the one in view: `?project=` in the URL, else a slug the page
 * knows (`hint`), else the last one looked at, else the first.
 */
export function useCurrentProject(org: string | undefined, hint?: string): CurrentProject {
  const loc = useLocation();
  const projects = useApi<Project[]>(org ? endpoints.orgProjects(org) : null);
  const fromUrl = new URLSearchParams(loc.search).get('project') ?? undefined;
  // Tag-monitoring sites are projects of platform `sgtm` underneath; they have pages of their own.
  const all = projects.data;
  const list = useMemo(() => all?.filter((p) => p.platform !== 'sgtm'), [all]);
  const wanted = fromUrl ?? hint ?? (org ? remembered(org) : undefined);
  const project = list?.find((p) => p.slug === wanted) ?? (fromUrl ? undefined : list?.[0]);
  return { projects: list, project, requested: fromUrl, loading: projects.loading };
}
