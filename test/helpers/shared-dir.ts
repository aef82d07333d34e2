import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The workplace's shared test data (sample events from many SDKs). It sits beside the repository
 * (`../shared`), but a clone made elsewhere (CI's, say) would not find it there, so
 * FAULTLINE_SHARED_DIR and the workplace's own path are tried too before a test skips.
 */
export function sharedDir(...parts: string[]): string {
  const candidates = [
    process.env.FAULTLINE_SHARED_DIR,
    path.resolve(repoRoot, '../shared'),
    '/work/shared',
  ].filter((p): p is string => Boolean(p));
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, ...parts)));
  return path.join(found ?? candidates[0]!, ...parts);
}
