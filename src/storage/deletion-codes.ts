import type { Kysely } from 'kysely';
import { hashPassword, verifyPassword } from '../lib/secrets.js';
import type { Schema } from './schema.js';

/** Sets (or replaces) a user's deletion code; a 4–8 digit PIN is guessable, so it is scrypt-hashed. */
export async function setDeletionCode(db: Kysely<Schema>, userId: number, code: string): Promise<void> {
  const values = { code_hash: await hashPassword(code), updated_at: Date.now() / 1000 };
  await db
    .insertInto('deletion_codes')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** Whether the user has set a deletion code. */
export async function hasDeletionCode(db: Kysely<Schema>, userId: number): Promise<boolean> {
  const r = await db
    .selectFrom('deletion_codes')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

/** Checks a presented code against the user's; false when none is set. */
export async function verifyDeletionCode(db: Kysely<Schema>, userId: number, code: string): Promise<boolean> {
  const r = await db
    .selectFrom('deletion_codes')
    .select('code_hash')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined && (await verifyPassword(code, r.code_hash));
}
