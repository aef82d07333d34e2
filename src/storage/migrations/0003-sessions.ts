import type { Kysely } from 'kysely';

/** Dashboard sign-in sessions: only a hash of the session token is stored. */
export async function up(db: Kysely<unknown>, dialect: string): Promise<void> {
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  await db.schema
    .createTable('user_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', real, (c) => c.notNull())
    .addColumn('expires_at', real, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_sessions_user').on('user_sessions').column('user_id').execute();
}
