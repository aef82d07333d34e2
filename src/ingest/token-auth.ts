import { RateLimitedError, UnauthorizedError, UnavailableError } from '../lib/errors.js';
import { getIngestSettings, type IngestSettings } from '../storage/ingest-settings.js';
import { findIngestToken, type IngestTokenKind } from '../storage/ingest-tokens.js';
import { headerValue, type SeedIngestDeps, type SeedRequest } from './seed-request.js';

/** Headers that carry a header token: Faultline's name and the mobile SDK's. */
export const TOKEN_HEADERS = ['x-faultline-token', 'x-pionne-token'] as const;

/** An authenticated token or app key, with its project's ingest settings. */
export interface TokenAuth {
  tokenId: number;
  projectId: number;
  settings: IngestSettings;
}

const WINDOW_SECONDS = 60;

/** The header token a request presents, if any. */
export function presentedToken(req: SeedRequest): string | undefined {
  for (const name of TOKEN_HEADERS) {
    const value = headerValue(req.headers, name);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * Checks a token or app key against the database on every request (no cache: a regenerated token
 * must answer 401 at once), then the project's pause and the per-token rate limit, all before a
 * byte of body is read. One answer for unknown and revoked values.
 */
export async function authorizeIngestToken(
  presented: string | undefined,
  kind: IngestTokenKind,
  deps: SeedIngestDeps,
): Promise<TokenAuth> {
  const what = kind === 'token' ? 'token' : 'appKey';
  if (!presented) {
    throw new UnauthorizedError(
      kind === 'token' ? 'missing token: send X-Faultline-Token or X-Pionne-Token' : 'missing appKey',
    );
  }
  let found: { id: number; projectId: number } | undefined;
  let settings: IngestSettings;
  try {
    found = await findIngestToken(deps.db, presented, kind);
    if (!found) throw new UnauthorizedError(`invalid or revoked ${what}`, 'invalid_auth');
    settings = await getIngestSettings(deps.db, found.projectId);
  } catch (err) {
    if (err instanceof UnauthorizedError) throw err;
    throw new UnavailableError(`cannot verify the ${what} right now`, 30);
  }
  const now = Date.now() / 1000;
  if (settings.pausedUntil !== null && settings.pausedUntil > now) {
    throw new RateLimitedError(Math.ceil(settings.pausedUntil - now), 'the project is paused');
  }
  const limit = settings.rateLimitPerMinute ?? deps.defaultTokenRateLimit;
  const key = `seed-token:${found.id}`;
  const wait = deps.quota.retryAfter(key, limit, WINDOW_SECONDS, 1, now);
  if (wait > 0)
    throw new RateLimitedError(wait, `rate limited: ${limit} requests per minute for this ${what}`);
  deps.quota.consume(key, WINDOW_SECONDS, 1, now);
  return { tokenId: found.id, projectId: found.projectId, settings };
}

/** Authenticates a request by its header token. */
export function authorizeTokenHeader(req: SeedRequest, deps: SeedIngestDeps): Promise<TokenAuth> {
  return authorizeIngestToken(presentedToken(req), 'token', deps);
}
