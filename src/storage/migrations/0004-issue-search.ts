import type { Kysely } from 'kysely';

/**
 * Indexes for the issue list: one per sort (last seen exists since 0002), each ending in the id so
 * a keyset page is an index range scan, never a sort of the whole project.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, column] of [
    ['issues_project_first_seen', 'first_seen'],
    ['issues_project_times_seen', 'times_seen'],
    ['issues_project_user_count', 'user_count'],
  ] as const) {
    await db.schema.createIndex(name).on('issues').columns(['project_id', column, 'id']).execute();
  }
  // Tombstones of merged issues are found by their target when the target is deleted.
  await db.schema.createIndex('issues_merged_into').on('issues').column('merged_into').execute();
}
