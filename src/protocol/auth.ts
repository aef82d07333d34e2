import { ValidationError } from '../lib/errors.js';
import { parseDsn, type Dsn } from './dsn.js';

/** The highest protocol version we speak; Relay rejects anything newer (`PROTOCOL_VERSION`). */
const PROTOCOL_VERSION = 7;

/** Credentials an SDK presented, however it presented them. */
export interface SentryAuth {
  publicKey: string;
  secretKey?: string;
  version?: number;
  client?: string;
}

/** Splits `Sentry sentry_key=a, sentry_version=7, …` into its key/value pairs. */
export function parseAuthHeaderValue(value: string): Record<string, string> {
  const pairs: [string, string][] = [];
  const list = value.trim().replace(/^sentry\s+/i, '');
  for (const part of list.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    const key = part.slice(0, eq).trim();
    if (key !== '') pairs.push([key, part.slice(eq + 1).trim()]);
  }
  // fromEntries defines own properties, so a `__proto__` key cannot reach the prototype.
  return Object.fromEntries(pairs);
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * The credentials in a request's headers (names lower-cased, as node:http gives them) and query
 * string, or undefined when it carries none.
 * Sources follow Relay's `auth_from_parts`: `x-sentry-auth`, `authorization: Sentry …` (or
 * `authorization: DSN <dsn>`), then the `sentry_*` query parameters.
 */
export function extractAuth(headers: Headers, query: URLSearchParams): SentryAuth | undefined {
  const sources: Record<string, string>[] = [];
  for (const value of headerValues(headers, 'x-sentry-auth')) sources.push(parseAuthHeaderValue(value));
  for (const value of headerValues(headers, 'authorization')) {
    const fields = parseAuthorization(value);
    if (fields) sources.push(fields);
  }
  sources.push(...querySources(query));

  let auth: SentryAuth | undefined;
  const rest: Omit<SentryAuth, 'publicKey'> = {};
  for (const fields of sources) {
    // v4 fields such as `sentry_timestamp` are read nowhere: `sent_at` replaced it (authentication.mdx).
    const { sentry_key: key, sentry_secret: secret, sentry_version: version, sentry_client: client } = fields;
    if (version !== undefined && version !== '') {
      // Every source's version is checked, so a second source cannot smuggle in version 8.
      const parsed = parseVersion(version);
      rest.version ??= parsed;
    }
    if (secret !== undefined && secret !== '') rest.secretKey ??= secret;
    if (client !== undefined && client !== '') rest.client ??= client;
    if (key === undefined || key === '') continue;
    // Relay refuses any request with two auth sources; we refuse only two that disagree, since the
    // same key twice (say from a proxy that appends the query string) names one project unambiguously.
    if (auth && auth.publicKey !== key) {
      throw new ValidationError('multiple authorization payloads with different keys', [], 'invalid_auth');
    }
    auth ??= { publicKey: key };
  }
  return auth && { ...auth, ...rest };
}

/** The project and key named by an envelope's own `dsn` header (envelopes.mdx, "Authentication"). */
export function authFromEnvelopeDsn(dsn: string): { publicKey: string; projectId: string } {
  const { publicKey, projectId } = parseDsnForAuth(dsn);
  return { publicKey, projectId };
}

/** A malformed DSN presented as credentials is an auth failure, not a malformed request. */
function parseDsnForAuth(dsn: string): Dsn {
  try {
    return parseDsn(dsn);
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(error.message, error.causes, 'invalid_auth');
    }
    throw error;
  }
}

/** `name` must be lower-case: node:http (and so Fastify) gives header names lower-cased. */
function headerValues(headers: Headers, name: string): string[] {
  const value = headers[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function parseAuthorization(value: string): Record<string, string> | undefined {
  const trimmed = value.trim();
  if (/^sentry\s/i.test(trimmed)) return parseAuthHeaderValue(trimmed);
  if (/^dsn\s/i.test(trimmed)) {
    const dsn = parseDsnForAuth(trimmed.slice(3));
    return dsn.secretKey === undefined
      ? { sentry_key: dsn.publicKey }
      : { sentry_key: dsn.publicKey, sentry_secret: dsn.secretKey };
  }
  // Other schemes (Bearer, Basic) belong to the web API, not to SDKs.
  return undefined;
}

function querySources(query: URLSearchParams): Record<string, string>[] {
  const names = ['sentry_key', 'sentry_secret', 'sentry_version', 'sentry_client'];
  if (!names.some((name) => query.has(name))) return [];
  // A repeated `sentry_key` is one source per value so that two different keys still conflict.
  const keys = query.getAll('sentry_key');
  const shared: Record<string, string> = {};
  for (const name of names.slice(1)) {
    const value = query.get(name);
    if (value !== null) shared[name] = value;
  }
  if (keys.length === 0) return [shared];
  return keys.map((key) => ({ ...shared, sentry_key: key }));
}

function parseVersion(value: string): number {
  if (!/^\d+$/.test(value)) {
    throw new ValidationError(`invalid sentry_version "${value}"`, [], 'invalid_auth');
  }
  const version = Number(value);
  if (version > PROTOCOL_VERSION) {
    throw new ValidationError(
      `unsupported protocol version ${version}`,
      [`this server speaks version ${PROTOCOL_VERSION}`],
      'unsupported_version',
    );
  }
  return version;
}
