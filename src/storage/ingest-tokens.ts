import type { Kysely, Transaction } from 'kysely';
import { randomBase62, slugify } from '../lib/ids.js';
import { hashToken, safeEqual } from '../lib/secrets.js';
import type { Schema } from './schema.js';

type Db = Kysely<Schema> | Transaction<Schema>;

/**
 * `token`: a header token (`X-Faultline-Token` / `X-Pionne-Token`), write-only, shown once.
 * `app_key`: the web collector's `appKey`, sent in request bodies from browsers, hence public.
 */
export type IngestTokenKind = 'token' | 'app_key';

/** The mobile SDK refuses tokens without this prefix (its `validateToken`), so Faultline's use it. */
export const TOKEN_PREFIX = 'pio_live_';
const TOKEN_RANDOM_LENGTH = 48;
const APP_KEY_RANDOM_LENGTH = 32;
/** Characters kept in clear and indexed for lookup (the contract's "first 12 characters"). */
export const LOOKUP_PREFIX_LENGTH = 12;

// The SDK also refuses tokens containing placeholder words, case-insensitively; a random token has
// a tiny chance of containing one, so such a draw is simply drawn again.
const PLACEHOLDERS = /xxx|yyy|todo|fixme|replace|changeme/i;

const now = () => Date.now() / 1000;

/** A fresh header token: `pio_live_` and 48 base62 characters (~285 bits). */
export function generateIngestToken(): string {
  for (;;) {
    const token = `${TOKEN_PREFIX}${randomBase62(TOKEN_RANDOM_LENGTH)}`;
    if (!PLACEHOLDERS.test(token)) return token;
  }
}

/** A fresh app key: the app type as prefix (`web_…`, as in the collector's examples), 32 base62. */
export function generateAppKey(type: string): string {
  const prefix = slugify(type).replace(/-/g, '').slice(0, 16) || 'app';
  return `${prefix}_${randomBase62(APP_KEY_RANDOM_LENGTH)}`;
}

/** Stores a token or key for a project; only its hash (and, for app keys, the key) is kept. */
export async function insertIngestToken(
  db: Db,
  projectId: number,
  kind: IngestTokenKind,
  value: string,
): Promise<number> {
  const row = await db
    .insertInto('ingest_tokens')
    .values({
      project_id: projectId,
      kind,
      token_prefix: value.slice(0, LOOKUP_PREFIX_LENGTH),
      token_hash: hashToken(value),
      public_value: kind === 'app_key' ? value : null,
      created_at: now(),
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** Creates a project's header token; returns it in clear, the only time it exists so. */
export async function createIngestToken(db: Db, projectId: number): Promise<string> {
  const token = generateIngestToken();
  await insertIngestToken(db, projectId, 'token', token);
  return token;
}

/** Revokes every header token of a project and issues a new one, in one transaction. */
export async function regenerateIngestToken(db: Kysely<Schema>, projectId: number): Promise<string> {
  return db.transaction().execute(async (tx) => {
    await tx
      .updateTable('ingest_tokens')
      .set({ revoked_at: now() })
      .where('project_id', '=', projectId)
      .where('kind', '=', 'token')
      .where('revoked_at', 'is', null)
      .execute();
    return createIngestToken(tx, projectId);
  });
}

/** Creates a project's app key. */
export async function createAppKey(db: Db, projectId: number, type: string): Promise<string> {
  const key = generateAppKey(type);
  await insertIngestToken(db, projectId, 'app_key', key);
  return key;
}

/**
 * The project a presented token or key belongs to, if it is active. Candidates come from the
 * indexed prefix; the full value is compared by hash in constant time.
 */
export async function findIngestToken(
  db: Db,
  presented: string,
  kind: IngestTokenKind,
): Promise<{ id: number; projectId: number } | undefined> {
  if (presented.length < LOOKUP_PREFIX_LENGTH || presented.length > 200) return undefined;
  const rows = await db
    .selectFrom('ingest_tokens')
    .select(['id', 'project_id', 'token_hash'])
    .where('token_prefix', '=', presented.slice(0, LOOKUP_PREFIX_LENGTH))
    .where('kind', '=', kind)
    .where('revoked_at', 'is', null)
    .execute();
  const hash = hashToken(presented);
  const match = rows.find((r) => safeEqual(r.token_hash, hash));
  return match && { id: Number(match.id), projectId: Number(match.project_id) };
}

/** The active app key and token preview of each project (either may be missing). */
export async function listProjectIngestKeys(
  db: Db,
  projectIds: number[],
): Promise<Map<number, { appKey?: string; tokenPreview?: string }>> {
  const out = new Map<number, { appKey?: string; tokenPreview?: string }>();
  if (projectIds.length === 0) return out;
  const rows = await db
    .selectFrom('ingest_tokens')
    .select(['project_id', 'kind', 'token_prefix', 'public_value'])
    .where('project_id', 'in', projectIds)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute();
  for (const r of rows) {
    const entry = out.get(Number(r.project_id)) ?? {};
    if (r.kind === 'app_key' && r.public_value) entry.appKey = r.public_value;
    if (r.kind === 'token') entry.tokenPreview = `${r.token_prefix}...`;
    out.set(Number(r.project_id), entry);
  }
  return out;
}

/** The project of an active app key. */
export async function findProjectIdByAppKey(db: Db, appKey: string): Promise<number | undefined> {
  return (await findIngestToken(db, appKey, 'app_key'))?.projectId;
}
