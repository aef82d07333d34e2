import { ValidationError } from '../lib/errors.js';

/**
 * A parsed DSN: `{protocol}://{publicKey}[:{secretKey}]@{host}{path}/{projectId}`
 * (develop-docs/sdk/foundations/transport/authentication.mdx). `host` keeps the port; `path` is the
 * prefix before the project id without a trailing slash, '' when the server sits at the root.
 */
export interface Dsn {
  protocol: string;
  publicKey: string;
  secretKey?: string;
  host: string;
  path: string;
  projectId: string;
}

/** Parses a DSN string, throwing ValidationError when it is not one. */
export function parseDsn(dsn: string): Dsn {
  let url: URL;
  try {
    url = new URL(dsn.trim());
  } catch {
    throw invalid(dsn, 'not a URL');
  }
  // The SDKs only ever speak HTTP(S) to a DSN (sentry-javascript `dsnFromString` rejects the rest).
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') throw invalid(dsn, `unsupported protocol "${protocol}"`);
  const publicKey = decodeUserinfo(dsn, url.username);
  if (publicKey === '') throw invalid(dsn, 'missing public key');

  // One trailing slash is tolerated because people paste DSNs copied from endpoint URLs.
  const segments = url.pathname.replace(/\/$/, '').split('/');
  const projectId = segments.pop() ?? '';
  // Relay types the project id as an integer; a non-numeric one cannot name a project anywhere.
  if (!/^\d+$/.test(projectId)) throw invalid(dsn, 'missing or non-numeric project id');

  const parsed: Dsn = { protocol, publicKey, host: url.host, path: segments.join('/'), projectId };
  if (url.password !== '') parsed.secretKey = decodeUserinfo(dsn, url.password);
  return parsed;
}

/** Builds the DSN an SDK should use for a project key on a server reachable at `baseUrl`. */
export function formatDsn(baseUrl: string, publicKey: string, projectId: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ValidationError(`invalid base URL "${baseUrl}"`);
  }
  // `localhost:8000` parses as a URL with the scheme `localhost:`; no SDK could use the result.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`invalid base URL "${baseUrl}"`, ['it must start with http:// or https://']);
  }
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${publicKey}@${url.host}${path}/${projectId}`;
}

function decodeUserinfo(dsn: string, raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw invalid(dsn, 'malformed percent-encoding in the key');
  }
}

function invalid(dsn: string, reason: string): ValidationError {
  return new ValidationError(`invalid DSN "${dsn}"`, [reason]);
}
