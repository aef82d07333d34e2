import { randomUUID } from 'node:crypto';
import { rawRequest, type RawResponse } from './envelope.js';
import type { TestServer } from './server.js';

/** A signed-in user of the seed APIs (a dashboard session token used as a bearer token). */
export interface SeedUser {
  email: string;
  token: string;
  /** A JSON request to `path` (e.g. `/api/projects`) as this user. */
  call(method: string, path: string, body?: unknown): Promise<RawResponse>;
}

/** Registers a user through `POST /api/auth/register` (the first one becomes the superuser). */
export async function registerUser(server: TestServer): Promise<SeedUser> {
  const email = `${randomUUID().slice(0, 8)}@example.com`;
  const res = await rawRequest(`${server.url}/api/auth/register`, {
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: 'correct horse battery staple' }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`);
  const token = String(res.json().token);
  return {
    email,
    token,
    call: (method, path, body) => {
      // A length, not chunking: Node sends DELETE bodies without either unless told.
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      return rawRequest(`${server.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': String(payload.length) }
            : {}),
        },
        ...(payload ? { body: payload } : {}),
      });
    },
  };
}

/** A mobile project created through `POST /api/projects`, with its ingest token. */
export interface MobileProject {
  id: string;
  token: string;
  slug: string;
  organization: string;
}

/** Creates a project for the mobile SDK and returns its (shown-once) token. */
export async function createMobileProject(
  user: SeedUser,
  name = 'acme-ios',
  platform = 'ios',
): Promise<MobileProject> {
  const res = await user.call('POST', '/api/projects', { name, platform });
  if (res.status !== 201) throw new Error(`POST /api/projects answered ${res.status}: ${res.text}`);
  const p = res.json();
  return {
    id: String(p.id),
    token: String(p.token),
    slug: String(p.slug),
    organization: String(p.organization),
  };
}

/** POSTs a JSON body (a string is sent as is) with extra headers. */
export function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return rawRequest(url, {
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Runs `fn` over `items`, `concurrency` at a time, in order of start. */
export async function inParallel<T, R>(
  items: T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}
