import type { Kysely } from 'kysely';
import { applyKeyset, finishPage, type Page, type PageRequest } from './pagination.js';
import type { Schema } from './schema.js';

/**
 * Uploaded source maps: chunks (sentry-cli's chunk upload, named by SHA-1 and kept until assembled)
 * and artifact bundles (the assembled zip, the projects it serves and its manifest's files).
 */

type Db = Kysely<Schema>;

export interface BundleRecord {
  /** Row id, for pagination. */
  id: number;
  /** The manifest's debug id (Sentry's bundleId). */
  bundleId: string;
  checksum: string;
  release: string | null;
  dist: string | null;
  fileCount: number;
  size: number;
  dateCreated: number;
}

export interface BundleFile {
  path: string;
  url: string | null;
  type: string | null;
  debugId: string | null;
  size: number;
}

export interface NewBundle {
  organizationId: number;
  checksum: string;
  bundleId: string;
  release: string | null;
  dist: string | null;
  data: Buffer;
  files: BundleFile[];
  projectIds: number[];
  /** Chunks the bundle was assembled from, deleted in the same transaction. */
  chunkChecksums: string[];
  at: number;
}

/** Keeps uploaded chunks; a chunk already held is left as it is (same name, same bytes). */
export async function putChunks(
  db: Db,
  organizationId: number,
  chunks: { checksum: string; data: Buffer }[],
  at: number,
): Promise<void> {
  if (chunks.length === 0) return;
  await db
    .insertInto('artifact_chunks')
    .values(
      chunks.map((c) => ({
        organization_id: organizationId,
        checksum: c.checksum,
        size: c.data.length,
        data: c.data,
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.columns(['organization_id', 'checksum']).doNothing())
    .execute();
}

/** Deletes chunks uploaded before `before` that no assemble call consumed. */
export async function deleteStaleChunks(db: Db, before: number): Promise<void> {
  await db.deleteFrom('artifact_chunks').where('created_at', '<', before).execute();
}

/** The checksums among `checksums` that the organization has not uploaded (in the order given). */
export async function findMissingChunks(
  db: Db,
  organizationId: number,
  checksums: string[],
): Promise<string[]> {
  if (checksums.length === 0) return [];
  const held = await db
    .selectFrom('artifact_chunks')
    .select('checksum')
    .where('organization_id', '=', organizationId)
    .where('checksum', 'in', [...new Set(checksums)])
    .execute();
  const have = new Set(held.map((r) => r.checksum));
  return [...new Set(checksums.filter((c) => !have.has(c)))];
}

/** The bytes of the given chunks concatenated in order, or undefined when one is missing. */
export async function readChunks(
  db: Db,
  organizationId: number,
  checksums: string[],
): Promise<Buffer | undefined> {
  const rows = await db
    .selectFrom('artifact_chunks')
    .select(['checksum', 'data'])
    .where('organization_id', '=', organizationId)
    .where('checksum', 'in', [...new Set(checksums)])
    .execute();
  const byChecksum = new Map(rows.map((r) => [r.checksum, Buffer.from(r.data)]));
  const parts: Buffer[] = [];
  for (const c of checksums) {
    const part = byChecksum.get(c);
    if (!part) return undefined;
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/** The row id of the organization's bundle with this checksum, if it was assembled before. */
export async function findBundleByChecksum(
  db: Db,
  organizationId: number,
  checksum: string,
): Promise<number | undefined> {
  const row = await db
    .selectFrom('artifact_bundles')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('checksum', '=', checksum)
    .executeTakeFirst();
  return row ? Number(row.id) : undefined;
}

/** Makes a bundle serve more projects (those it serves already are left alone). */
export async function addBundleProjects(db: Db, bundleRowId: number, projectIds: number[]): Promise<void> {
  if (projectIds.length === 0) return;
  await db
    .insertInto('artifact_bundle_projects')
    .values(projectIds.map((p) => ({ artifact_bundle_id: bundleRowId, project_id: p })))
    .onConflict((oc) => oc.columns(['artifact_bundle_id', 'project_id']).doNothing())
    .execute();
}

/**
 * Stores an assembled bundle with its files and projects and drops the chunks it was made of, in
 * one transaction. A bundle with the same checksum stored meanwhile is reused. Returns its row id.
 */
export async function storeBundle(db: Db, b: NewBundle): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('artifact_bundles')
      .values({
        organization_id: b.organizationId,
        checksum: b.checksum,
        bundle_id: b.bundleId,
        release: b.release,
        dist: b.dist,
        file_count: b.files.length,
        size: b.data.length,
        data: b.data,
        date_created: b.at,
      })
      .onConflict((oc) => oc.columns(['organization_id', 'checksum']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const id = inserted ? Number(inserted.id) : await findBundleByChecksum(tx, b.organizationId, b.checksum);
    if (id === undefined) throw new Error('artifact bundle vanished while it was being stored');
    if (inserted && b.files.length > 0) {
      await tx
        .insertInto('artifact_bundle_files')
        .values(
          b.files.map((f) => ({
            artifact_bundle_id: id,
            path: f.path,
            url: f.url,
            type: f.type,
            debug_id: f.debugId,
            size: f.size,
          })),
        )
        .execute();
    }
    await addBundleProjects(tx, id, b.projectIds);
    if (b.chunkChecksums.length > 0) {
      await tx
        .deleteFrom('artifact_chunks')
        .where('organization_id', '=', b.organizationId)
        .where('checksum', 'in', [...new Set(b.chunkChecksums)])
        .execute();
    }
    return id;
  });
}

/** A page of the bundles serving a project, newest first. */
export async function listProjectBundles(
  db: Db,
  projectId: number,
  page: PageRequest,
): Promise<Page<BundleRecord>> {
  const q = db
    .selectFrom('artifact_bundles as b')
    .innerJoin('artifact_bundle_projects as bp', 'bp.artifact_bundle_id', 'b.id')
    .where('bp.project_id', '=', projectId)
    .select([
      'b.id',
      'b.bundle_id',
      'b.checksum',
      'b.release',
      'b.dist',
      'b.file_count',
      'b.size',
      'b.date_created',
    ]);
  const rows = await applyKeyset(q, 'b.date_created', 'b.id', page).execute();
  return finishPage(
    rows.map((r) => ({
      id: Number(r.id),
      bundleId: r.bundle_id,
      checksum: r.checksum,
      release: r.release,
      dist: r.dist,
      fileCount: Number(r.file_count),
      size: Number(r.size),
      dateCreated: Number(r.date_created),
    })),
    page,
  );
}

/** A bundle serving a project, found by its bundle id (the newest, should two share one). */
export async function findProjectBundle(
  db: Db,
  projectId: number,
  bundleId: string,
): Promise<(BundleRecord & { files: BundleFile[] }) | undefined> {
  const r = await db
    .selectFrom('artifact_bundles as b')
    .innerJoin('artifact_bundle_projects as bp', 'bp.artifact_bundle_id', 'b.id')
    .where('bp.project_id', '=', projectId)
    .where('b.bundle_id', '=', bundleId)
    .select([
      'b.id',
      'b.bundle_id',
      'b.checksum',
      'b.release',
      'b.dist',
      'b.file_count',
      'b.size',
      'b.date_created',
    ])
    .orderBy('b.id', 'desc')
    .executeTakeFirst();
  if (!r) return undefined;
  const files = await db
    .selectFrom('artifact_bundle_files')
    .select(['path', 'url', 'type', 'debug_id', 'size'])
    .where('artifact_bundle_id', '=', r.id)
    .orderBy('path')
    .execute();
  return {
    id: Number(r.id),
    bundleId: r.bundle_id,
    checksum: r.checksum,
    release: r.release,
    dist: r.dist,
    fileCount: Number(r.file_count),
    size: Number(r.size),
    dateCreated: Number(r.date_created),
    files: files.map((f) => ({
      path: f.path,
      url: f.url,
      type: f.type,
      debugId: f.debug_id,
      size: Number(f.size),
    })),
  };
}
