import type { Kysely } from 'kysely';
import { AnswerCache } from '../lib/answer-cache.js';
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

/** What the database said about a key, ready for ingest: its state and the limits that apply. */
interface KnownKey {
  isActive: boolean;
  authorized: AuthorizedKey;
}

/**
 * The database's answers about ingest keys, so that ingest does not ask on every request (the rules
 * are AnswerCache's): an active key's answer is used for `freshMs` (a second); anything in this
 * process that may change a key or a project's limits (every write through the API) calls
 * invalidate(), so this process refuses a disabled key on the very next request, and a process
 * sharing the database within a second. An unknown key is asked about every time, so a key just
 * created (by the CLI, say) works at once. The last answer per key is also what ingest goes by
 * while the database cannot be reached, so it keeps accepting (into the local spool) for keys it
 * knew to be active.
 */
export class KeyCache {
  private readonly answers: AnswerCache<KnownKey>;

  constructor(freshMs = 1000, now: () => number = () => performance.now()) {
    this.answers = new AnswerCache<KnownKey>(freshMs, 10_000, now);
  }

  /** Forgets that any answer is fresh: the next request for each key asks the database again. */
  invalidate(): void {
    this.answers.invalidate();
  }

  /** The key as the database knows it: from memory while fresh, else asked once through `ask`. */
  async lookup(publicKey: string, ask: () => Promise<IngestKey | undefined>): Promise<KnownKey | undefined> {
    try {
      return await this.answers.lookup(publicKey, async () => toKnownKey(await ask()));
    } catch {
      // The database is away and this key was never seen: neither accept nor refuse it for good.
      throw new UnavailableError('cannot verify the key right now', 30);
    }
  }
}

function toKnownKey(key: IngestKey | undefined): KnownKey | undefined {
  return (
    key && {
      isActive: key.isActive,
      authorized: {
        projectId: key.projectId,
        publicKey: key.publicKey,
        keyRateLimit: key.keyRateLimit,
        settings: parseProjectSettings(key.projectSettingsJson),
      },
    }
  );
}

/** The project id from the URL, or a 403 indistinguishable from an unknown key. */
export function parseProjectIdParam(value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw new ForbiddenError(DENIED, 'project_not_found');
  return Number(value);
}

/** Checks that `auth` names an active key of `projectId`: 401 without auth, 403 otherwise. */
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
  const known = await keys.lookup(auth.publicKey, () => findIngestKey(db, auth.publicKey));
  if (!known || !known.isActive || known.authorized.projectId !== projectId)
    throw new ForbiddenError(DENIED, 'project_not_found');
  return known.authorized;
}
