import { useSyncExternalStore } from 'react';

/**
 * The dashboard's router: the URL is the state. Paths name the page and the thing shown (org, issue,
 * event); the query string holds filters, sort and toggles, so any view can be shared as a link.
 * Paths follow Sentry's (`/organizations/{org}/issues/{id}/`), so Sentry-style permalinks open here.
 */
export type Route =
  | { name: 'home' }
  | { name: 'login' }
  | { name: 'signup' }
  | { name: 'setup' }
  | { name: 'issues'; org: string }
  | { name: 'issue'; org: string; issueId: string; eventId: string | undefined }
  | { name: 'releases'; org: string }
  | { name: 'settings'; org: string; project: string }
  | { name: 'tagControlRoom'; org: string }
  | { name: 'tagSite'; org: string; site: string }
  | { name: 'tagDetail'; org: string; site: string; tag: string }
  | { name: 'tagAlerts'; org: string; site: string | undefined }
  | { name: 'notFound' };

const seg = '([^/]+)';
const PATTERNS: [RegExp, (m: string[]) => Route][] = [
  [/^\/$/, () => ({ name: 'home' })],
  [/^\/login$/, () => ({ name: 'login' })],
  [/^\/signup$/, () => ({ name: 'signup' })],
  [/^\/setup$/, () => ({ name: 'setup' })],
  [new RegExp(`^/organizations/${seg}/issues$`), (m) => ({ name: 'issues', org: m[0]! })],
  [
    new RegExp(`^/organizations/${seg}/issues/${seg}(?:/events/${seg})?$`),
    (m) => ({ name: 'issue', org: m[0]!, issueId: m[1]!, eventId: m[2] }),
  ],
  [new RegExp(`^/organizations/${seg}/releases$`), (m) => ({ name: 'releases', org: m[0]! })],
  [
    new RegExp(`^/organizations/${seg}/projects/${seg}/settings$`),
    (m) => ({ name: 'settings', org: m[0]!, project: m[1]! }),
  ],
  [new RegExp(`^/organizations/${seg}/tag-monitoring$`), (m) => ({ name: 'tagControlRoom', org: m[0]! })],
  [
    new RegExp(`^/organizations/${seg}/tag-monitoring/alerts$`),
    (m) => ({ name: 'tagAlerts', org: m[0]!, site: undefined }),
  ],
  [
    new RegExp(`^/organizations/${seg}/tag-monitoring/sites/${seg}$`),
    (m) => ({ name: 'tagSite', org: m[0]!, site: m[1]! }),
  ],
  [
    new RegExp(`^/organizations/${seg}/tag-monitoring/sites/${seg}/alerts$`),
    (m) => ({ name: 'tagAlerts', org: m[0]!, site: m[1]! }),
  ],
  [
    new RegExp(`^/organizations/${seg}/tag-monitoring/sites/${seg}/tags/${seg}$`),
    (m) => ({ name: 'tagDetail', org: m[0]!, site: m[1]!, tag: m[2]! }),
  ],
];

/** The route a path names; trailing slashes do not matter. */
export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  for (const [re, make] of PATTERNS) {
    const m = re.exec(path);
    if (m) return make(m.slice(1).map((s) => (s === undefined ? s : decodeURIComponent(s))) as string[]);
  }
  return { name: 'notFound' };
}

export interface Location {
  pathname: string;
  search: string;
  hash: string;
}

function read(): Location {
  return { pathname: window.location.pathname, search: window.location.search, hash: window.location.hash };
}

let current = read();
const listeners = new Set<() => void>();

function notify(): void {
  current = read();
  for (const l of listeners) l();
}

window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The current location; components re-render when it changes. */
export function useLocation(): Location {
  return useSyncExternalStore(subscribe, () => current);
}

/** Goes to `to` (a path with optional query); `replace` rewrites the history entry instead of adding one. */
export function navigate(to: string, opts: { replace?: boolean; keepScroll?: boolean } = {}): void {
  const target = new URL(to, window.location.href);
  const next = target.pathname + target.search + target.hash;
  if (next === current.pathname + current.search + current.hash) return;
  if (opts.replace) window.history.replaceState(null, '', next);
  else window.history.pushState(null, '', next);
  notify();
  if (!opts.keepScroll && !opts.replace) window.scrollTo(0, 0);
}

/** A query string from the defined, non-empty values (in the order given). */
export function queryString(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

const enc = encodeURIComponent;

/** Paths of every page, so links are built in one place. */
export const paths = {
  login: (next?: string) => `/login${queryString({ next })}`,
  signup: (next?: string) => `/signup${queryString({ next })}`,
  setup: (org?: string) => `/setup${queryString({ org })}`,
  issues: (org: string, params: Record<string, string | undefined> = {}) =>
    `/organizations/${enc(org)}/issues/${queryString(params)}`,
  issue: (org: string, issueId: string, eventId?: string, params: Record<string, string | undefined> = {}) =>
    `/organizations/${enc(org)}/issues/${enc(issueId)}/${eventId ? `events/${enc(eventId)}/` : ''}${queryString(params)}`,
  releases: (org: string, project?: string) =>
    `/organizations/${enc(org)}/releases/${queryString({ project })}`,
  settings: (org: string, project: string, section?: string) =>
    `/organizations/${enc(org)}/projects/${enc(project)}/settings/${section ? `#${section}` : ''}`,
  tagControlRoom: (org: string) => `/organizations/${enc(org)}/tag-monitoring/`,
  tagSite: (org: string, site: string, hours?: number) =>
    `/organizations/${enc(org)}/tag-monitoring/sites/${enc(site)}/${queryString({ hours })}`,
  tagDetail: (org: string, site: string, tag: string, hours?: number) =>
    `/organizations/${enc(org)}/tag-monitoring/sites/${enc(site)}/tags/${enc(tag)}/${queryString({ hours })}`,
  tagAlerts: (org: string, site?: string, status?: string) =>
    `/organizations/${enc(org)}/tag-monitoring/${site ? `sites/${enc(site)}/` : ''}alerts/${queryString({ status })}`,
};
