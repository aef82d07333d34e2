import type { Kysely } from 'kysely';
import { ForbiddenError, UnauthorizedError, UnavailableError } from '../lib/errors.js';
import type { SentryAuth } from '../protocol/auth.js';
import { parseProjectSettings, type ProjectSettings } from '../storage/project-settings.js';
import { findIngestKey, type IngestKey } from '../storage/projects.js';
import type { Schema } from '../storage/schema.js';

// One answer for an unknown project, an unknown or disabled key, and a key of another project, so
// that a caller cannot probe which projects or keys exist.
const DENIED = 'invalid project id or key';
const PLAUSIBLE_KEY = /^[\w-]{1,64}$/;

/** An authorized ingest key with the limits and settings that apply to it. */
export interface AuthorizedKey {
  projectId: number;
  publicKey: string;
  keyRateLimit: IngestKey['keyRateLimit'];
  settings: ProjectSettings;
}

/**
 * The last answer the database gave for each key. Used only while the database cannot be reached,
 * so that ingest keeps accepting (into the local spool) for keys it knew to be active.
 */
export class KeyCache {
  private readonly known = new Map<string, IngestKey | null>();
  remember(publicKey: string, key: IngestKey | undefined): void {
    this.known.delete(publicKey);
    this.known.set(publicKey, key ?? null);
    if (this.known.size > 10_000) this.known.delete(this.known.keys().next().value as string);
  }
  recall(publicKey: string): IngestKey | null | undefined {
    return this.known.get(publicKey);
  }
}

/** The project id from the URL, or a 403 indistinguishable from an unknown key. */
export function parseProjectIdParam(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new ForbiddenError(DENIED, 'project_not_found');
  return Number(value);
}

/**
 * Checks that `auth` names an active key of `projectId`: 401 without auth, 403 otherwise. Asked of
 * the database on every request (no cache) so a disabled or deleted key is refused at once.
 */
export async function authorizeProjectKey(
  db: Kysely<Schema>,
  keys: KeyCache,
  projectId: number,
  auth: Pick<SentryAuth, 'publicKey'> | undefined,
): Promise<AuthorizedKey> {
  if (!auth) {
    throw new UnauthorizedError('missing authorization information: send X-Sentry-Auth or ?sentry_key=');
  }
  // Keys are hex; anything else (a NUL, a megabyte) is refused like an unknown key, without a
  // query: PostgreSQL would reject a NUL as an error, which would read as an outage (503).
  if (!PLAUSIBLE_KEY.test(auth.publicKey)) throw new ForbiddenError(DENIED, 'project_not_found');
  let key: IngestKey | undefined;
  try {
    key = await findIngestKey(db, auth.publicKey);
    keys.remember(auth.publicKey, key);
  } catch {
    const known = keys.recall(auth.publicKey);
    if (known === undefined) throw new UnavailableError('cannot verify the key right now', 30);
    key = known ?? undefined;
  }
  if (!key || !key.isActive || key.projectId !== projectId)
    throw new ForbiddenError(DENIED, 'project_not_found');
  return {
    projectId,
    publicKey: key.publicKey,
    keyRateLimit: key.keyRateLimit,
    settings: parseProjectSettings(key.projectSettingsJson),
  };
}
