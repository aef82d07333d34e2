import { randomUUID } from 'node:crypto';
import { eventEnvelope, rawRequest, sampleEvent, type RawResponse } from './envelope.js';
import type { ProjectInfo, TestServer } from './server.js';

/** A small client of the web API over real HTTP, authenticated with a bearer token. */
export interface ApiClient {
  token: string;
  get(path: string): Promise<RawResponse>;
  put(path: string, body: unknown): Promise<RawResponse>;
  delete(path: string): Promise<RawResponse>;
}

/** Requests with `token` (or none) against the server's `/api/0/`. */
export function apiClient(server: TestServer, token: string | undefined): ApiClient {
  const headers = (json: boolean): Record<string, string> => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...(json ? { 'content-type': 'application/json' } : {}),
  });
  const url = (path: string) => `${server.url}/api/0${path}`;
  return {
    token: token ?? '',
    get: (path) => rawRequest(url(path), { method: 'GET', headers: headers(false) }),
    put: (path, body) =>
      rawRequest(url(path), { method: 'PUT', headers: headers(true), body: JSON.stringify(body) }),
    delete: (path) => rawRequest(url(path), { method: 'DELETE', headers: headers(false) }),
  };
}

/**
 * A user with a token: a superuser, or a member of `org` with `role`. The CLI's project create makes
 * the organization but no membership, so members are added with `member add`.
 */
export async function createApiUser(
  server: TestServer,
  opts: { superuser?: boolean; org?: string; role?: 'owner' | 'admin' | 'member'; scopes?: string[] } = {},
): Promise<ApiClient & { email: string; userId: string }> {
  const email = `${randomUUID().slice(0, 8)}@example.com`;
  const user = await server.cli([
    'user',
    'create',
    '--email',
    email,
    '--password',
    'correct horse battery staple',
    ...(opts.superuser ? ['--superuser'] : []),
  ]);
  if (opts.org)
    await server.cli(['member', 'add', '--org', opts.org, '--email', email, '--role', opts.role ?? 'member']);
  const scopes = opts.scopes ?? ['org:read', 'project:read', 'event:read', 'event:write', 'event:admin'];
  const { token } = await server.cli(['token', 'create', '--email', email, '--scopes', scopes.join(' ')]);
  return { ...apiClient(server, String(token)), email, userId: String(user.id) };
}

/** Sends one event to a project through the envelope endpoint; resolves with its id once acknowledged. */
export async function sendEvent(
  server: TestServer,
  project: ProjectInfo,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const event = sampleEvent(undefined, overrides);
  const res = await rawRequest(
    `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}&sentry_version=7`,
    { body: eventEnvelope(event) },
  );
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${res.text}`);
  return String(event.event_id);
}

/** Polls `check` until it returns a value (not undefined) or the time is up. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The `cursor` of the `rel="next"` link when it says there are results, else undefined. */
export function nextCursor(res: RawResponse): string | undefined {
  const link = String(res.headers.link ?? '');
  const m = /rel="next"; results="true"; cursor="([^"]+)"/.exec(link);
  return m?.[1];
}
