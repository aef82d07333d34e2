/** The one way the dashboard talks to Faultline: JSON over `/api`, with the session cookie. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly causes: string[] = [],
  ) {
    super(detail);
    this.name = 'ApiError';
  }
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
  status: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

let onUnauthorized: (() => void) | undefined;

/** Called when an answer says the session is gone (401), so the app can ask to sign in again. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

function errorFrom(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const b = body as { detail?: unknown; causes?: unknown };
    const causes = Array.isArray(b.causes) ? b.causes.filter((c): c is string => typeof c === 'string') : [];
    if (typeof b.detail === 'string') return new ApiError(status, b.detail, causes);
  }
  return new ApiError(
    status,
    status >= 500 ? 'The server could not answer. Try again.' : `Request failed (${status})`,
  );
}

/** One API request; rejects with an ApiError carrying the server's `detail` on any non-2xx answer. */
export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  opts: { signal?: AbortSignal } = {},
): Promise<ApiResponse<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'Faultline is not reachable. Check your connection.');
  }
  const text = res.status === 204 ? '' : await res.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = undefined;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith('/api/auth/')) onUnauthorized?.();
    throw errorFrom(res.status, parsed);
  }
  return { data: parsed as T, headers: res.headers, status: res.status };
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) =>
    request<T>('GET', path, undefined, signal ? { signal } : {}).then((r) => r.data),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body).then((r) => r.data),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body).then((r) => r.data),
  del: (path: string) => request<unknown>('DELETE', path).then(() => undefined),
};

export interface PageLinks {
  previous?: string;
  next?: string;
}

/** Sentry's `Link` header → the cursors of the previous and next pages that have results. */
export function parseLinks(header: string | null): PageLinks {
  const out: PageLinks = {};
  if (!header) return out;
  for (const part of header.split(/,\s*(?=<)/)) {
    const rel = /rel="(\w+)"/.exec(part)?.[1];
    const results = /results="(\w+)"/.exec(part)?.[1];
    const cursor = /cursor="([^"]+)"/.exec(part)?.[1];
    if (results !== 'true' || !cursor) continue;
    if (rel === 'previous') out.previous = cursor;
    if (rel === 'next') out.next = cursor;
  }
  return out;
}

const enc = encodeURIComponent;

/** API paths, built in one place. */
export const endpoints = {
  me: '/api/auth/me',
  login: '/api/auth/login',
  register: '/api/auth/register',
  logout: '/api/auth/logout',
  organizations: '/api/0/organizations/',
  organization: (org: string) => `/api/0/organizations/${enc(org)}/`,
  orgProjects: (org: string) => `/api/0/organizations/${enc(org)}/projects/`,
  orgTeams: (org: string) => `/api/0/organizations/${enc(org)}/teams/`,
  orgMembers: (org: string) => `/api/0/organizations/${enc(org)}/members/`,
  teamProjects: (org: string, team: string) => `/api/0/teams/${enc(org)}/${enc(team)}/projects/`,
  project: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/`,
  projectKeys: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/keys/`,
  projectKey: (org: string, p: string, key: string) =>
    `/api/0/projects/${enc(org)}/${enc(p)}/keys/${enc(key)}/`,
  projectSettings: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/settings/`,
  projectIssues: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/issues/`,
  projectTags: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/tags/`,
  projectTagValues: (org: string, p: string, key: string) =>
    `/api/0/projects/${enc(org)}/${enc(p)}/tags/${enc(key)}/values/`,
  projectReleases: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/releases/`,
  attachments: (org: string, p: string, eventId: string) =>
    `/api/0/projects/${enc(org)}/${enc(p)}/events/${enc(eventId)}/attachments/`,
  attachmentDownload: (org: string, p: string, eventId: string, name: string) =>
    `/api/0/projects/${enc(org)}/${enc(p)}/events/${enc(eventId)}/attachments/${enc(name)}/?download=1`,
  issue: (org: string, id: string) => `/api/0/organizations/${enc(org)}/issues/${enc(id)}/`,
  issueEvent: (org: string, id: string, eventId: string) =>
    `/api/0/organizations/${enc(org)}/issues/${enc(id)}/events/${enc(eventId)}/`,
  issueTags: (org: string, id: string) => `/api/0/organizations/${enc(org)}/issues/${enc(id)}/tags/`,
  issueFeedback: (org: string, id: string) =>
    `/api/0/organizations/${enc(org)}/issues/${enc(id)}/user-feedback/`,
  releaseHealth: (org: string, p: string) => `/api/0/projects/${enc(org)}/${enc(p)}/release-health/`,
  seedProjects: '/api/projects',
  seedRegenerate: (projectId: string) => `/api/projects/${enc(projectId)}/regenerate`,
  tagControlRoom: (org: string) => `/api/0/organizations/${enc(org)}/tag-control-room/`,
  tagAlerts: (org: string) => `/api/0/organizations/${enc(org)}/tag-alerts/`,
  tagSite: (org: string, site: string) => `/api/0/organizations/${enc(org)}/tag-sites/${enc(site)}/`,
  tagOverview: (org: string, site: string) =>
    `/api/0/organizations/${enc(org)}/tag-sites/${enc(site)}/overview/`,
  tagBuckets: (org: string, site: string) =>
    `/api/0/organizations/${enc(org)}/tag-sites/${enc(site)}/buckets/`,
  tagStats: (org: string, site: string, tag: string) =>
    `/api/0/organizations/${enc(org)}/tag-sites/${enc(site)}/tags/${enc(tag)}/`,
  tagSiteAlerts: (org: string, site: string) =>
    `/api/0/organizations/${enc(org)}/tag-sites/${enc(site)}/alerts/`,
  apiTokens: '/api/0/api-tokens/',
  apiToken: (id: string) => `/api/0/api-tokens/${enc(id)}/`,
};
