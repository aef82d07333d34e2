import type { CreateTableBuilder } from 'kysely';

/**
 * An auto-incrementing integer primary key in either dialect. Shared by migrations: changing it
 * changes only databases created afterwards, so it must stay as it is.
 */
export function withId<T extends string>(table: CreateTableBuilder<T, never>, dialect: string) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
