import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { readZipEntries, readZipEntry, ZipError } from '../../lib/zip.js';
import type { BundleFile } from '../../storage/artifacts.js';

/**
 * An artifact bundle as sentry-cli builds it: an 8-byte `SYSB` source-bundle header, then a zip of
 * `files/…` entries and a `manifest.json` that says what each file is (type, url, debug id) and,
 * at the top, the bundle's own debug id and release. (Format: getsentry/symbolic, sourcebundle.)
 */
export interface ParsedBundle {
  bundleId: string;
  release: string | null;
  dist: string | null;
  files: BundleFile[];
}

/** The bundle cannot be read; the message is what the assemble call reports as `detail`. */
export class BundleError extends Error {
  override readonly name = 'BundleError';
}

const MAX_MANIFEST_BYTES = 32 * 1024 * 1024;

const manifestSchema = z.object({
  files: z
    .record(
      z.string(),
      z.object({
        type: z.string().optional(),
        url: z.string().optional(),
        headers: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .default({}),
  debug_id: z.string().optional(),
  release: z.string().optional(),
  dist: z.string().optional(),
});

/**
 * A debug id in canonical form (lowercase, hyphenated UUID), or null. Like Sentry's
 * normalize_debug_id, it takes braces, missing hyphens and a trailing age appendix.
 */
export function normalizeDebugId(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const hex = value
    .trim()
    .replace(/^\{|\}$/g, '')
    .replace(/-/g, '')
    .toLowerCase();
  if (!/^[0-9a-f]{32}([0-9a-f]{1,8})?$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Reads a bundle's manifest and lists its files; throws BundleError when it is not a usable bundle. */
export function readBundle(data: Buffer): ParsedBundle {
  try {
    const entries = readZipEntries(data);
    const manifestEntry = entries.find((e) => e.name === 'manifest.json');
    if (!manifestEntry) throw new BundleError('the artifact bundle has no manifest.json');
    let json: unknown;
    try {
      json = JSON.parse(readZipEntry(data, manifestEntry, MAX_MANIFEST_BYTES).toString('utf8'));
    } catch (err) {
      if (err instanceof ZipError) throw err;
      throw new BundleError('the manifest of the artifact bundle is not valid JSON');
    }
    const parsed = manifestSchema.safeParse(json);
    if (!parsed.success) throw new BundleError('the manifest of the artifact bundle is malformed');
    const manifest = parsed.data;
    const sizes = new Map(entries.map((e) => [e.name, e.size]));
    const files: BundleFile[] = Object.entries(manifest.files).map(([path, info]) => {
      const headers = new Map(Object.entries(info.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      return {
        path,
        url: info.url ?? null,
        type: info.type ?? null,
        debugId: normalizeDebugId(headers.get('debug-id') ?? headers.get('debug_id')),
        size: sizes.get(path) ?? 0,
      };
    });
    return {
      // Sentry gives a bundle without a debug id a random one, so that it can still be listed.
      bundleId: normalizeDebugId(manifest.debug_id) ?? randomUUID(),
      release: manifest.release ?? null,
      dist: manifest.dist ?? null,
      files,
    };
  } catch (err) {
    if (err instanceof ZipError)
      throw new BundleError(`the artifact bundle is not a readable zip: ${err.message}`);
    throw err;
  }
}
