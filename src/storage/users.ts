import type { Kysely } from 'kysely';
import { randomBase62 } from '../lib/ids.js';
import { hashPassword, hashToken } from '../lib/secrets.js';
import type { Schema } from './schema.js';

const now = () => Date.now() / 1000;

/** Creates a user with a scrypt-hashed password; throws if the email is taken. */
export async function createUser(
  db: Kysely<Schema>,
  input: { email: string; password: string; superuser?: boolean },
): Promise<{ id: number; email: string }> {
  const email = input.email.trim().toLowerCase();
  const row = await db
    .insertInto('users')
    .values({
      email,
      password_hash: await hashPassword(input.password),
      is_superuser: input.superuser ? 1 : 0,
      created_at: now(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), email };
}

/** Finds a user by email (case-insensitive). */
export async function findUserByEmail(
  db: Kysely<Schema>,
  email: string,
): Promise<{ id: number; email: string; passwordHash: string; isSuperuser: boolean } | undefined> {
  const r = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return (
    r && {
      id: Number(r.id),
      email: r.email,
      passwordHash: r.password_hash,
      isSuperuser: r.is_superuser === 1,
    }
  );
}

/** Number of users (first-start set-up checks it). */
export async function countUsers(db: Kysely<Schema>): Promise<number> {
  const r = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Issues an API token; the plain token is returned once and only its hash is stored. */
export async function createApiToken(
  db: Kysely<Schema>,
  input: { userId: number; scopes: string[]; name?: string },
): Promise<{ id: number; token: string }> {
  const token = `flt_${randomBase62(40)}`;
  const row = await db
    .insertInto('api_tokens')
    .values({
      user_id: input.userId,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 8),
      scopes: input.scopes.join(' '),
      name: input.name ?? null,
      created_at: now(),
      last_used_at: null,
      revoked_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: Number(row.id), token };
}

/** Opens a dashboard session; returns the plain session token (stored only as a hash). */
export async function createSession(db: Kysely<Schema>, userId: number, ttlSeconds: number): Promise<string> {
  const token = `session_${randomBase62(40)}`;
  const at = now();
  await db
    .insertInto('user_sessions')
    .values({ token_hash: hashToken(token), user_id: userId, created_at: at, expires_at: at + ttlSeconds })
    .execute();
  return token;
}

/** Ends a session. */
export async function deleteSession(db: Kysely<Schema>, token: string): Promise<void> {
  await db.deleteFrom('user_sessions').where('token_hash', '=', hashToken(token)).execute();
}

export interface Principal {
  userId: number;
  email: string;
  isSuperuser: boolean;
  /** Token scopes; undefined for a dashboard session, whose rights come from membership roles. */
  scopes: Set<string> | undefined;
  kind: 'session' | 'token';
  tokenId?: number;
}

/**
 * Resolves a bearer secret (API token or session token) to its user. Looked up by hash: the index
 * compares hashes, so the plain secret is never compared byte by byte with stored data.
 */
export async function findPrincipalBySecret(
  db: Kysely<Schema>,
  secret: string,
): Promise<Principal | undefined> {
  const hash = hashToken(secret);
  const at = now();
  if (secret.startsWith('session_')) {
    const r = await db
      .selectFrom('user_sessions')
      .innerJoin('users', 'users.id', 'user_sessions.user_id')
      .select(['users.id', 'users.email', 'users.is_superuser', 'user_sessions.expires_at'])
      .where('user_sessions.token_hash', '=', hash)
      .executeTakeFirst();
    if (!r || Number(r.expires_at) < at) return undefined;
    return {
      userId: Number(r.id),
      email: r.email,
      isSuperuser: r.is_superuser === 1,
      scopes: undefined,
      kind: 'session',
    };
  }
  const r = await db
    .selectFrom('api_tokens')
    .innerJoin('users', 'users.id', 'api_tokens.user_id')
    .select([
      'api_tokens.id as tokenId',
      'api_tokens.scopes',
      'api_tokens.revoked_at',
      'users.id',
      'users.email',
      'users.is_superuser',
    ])
    .where('api_tokens.token_hash', '=', hash)
    .executeTakeFirst();
  if (!r || r.revoked_at !== null) return undefined;
  return {
    userId: Number(r.id),
    email: r.email,
    isSuperuser: r.is_superuser === 1,
    scopes: new Set(r.scopes.split(' ').filter(Boolean)),
    kind: 'token',
    tokenId: Number(r.tokenId),
  };
}

/** Revokes an API token of a user; returns whether one was revoked. */
export async function revokeApiToken(db: Kysely<Schema>, userId: number, tokenId: number): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now() })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export interface ApiTokenSummary {
  id: number;
  name: string | null;
  /** The first characters of the token, enough to recognise it; the token itself is never kept. */
  prefix: string;
  scopes: string[];
  createdAt: number;
  lastUsedAt: number | null;
}

/** A user's API tokens that are not revoked, newest first. */
export async function listApiTokens(db: Kysely<Schema>, userId: number): Promise<ApiTokenSummary[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'token_prefix', 'scopes', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    prefix: r.token_prefix,
    scopes: r.scopes.split(' ').filter(Boolean),
    createdAt: Number(r.created_at),
    lastUsedAt: r.last_used_at === null ? null : Number(r.last_used_at),
  }));
}
