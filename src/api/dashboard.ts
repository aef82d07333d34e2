import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt']);

// Paths that belong to the server itself: a GET there that no route answered is a real 404, never the
// dashboard's HTML (an API client must not get a 200 page for a typo).
const SERVER_PATHS = /^\/(?:api(?:\/|$)|healthz$|readyz$|metrics$)/;

/** Where `vite build` writes the dashboard: dist/web, next to the compiled server (dist/api/..). */
function defaultRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const compiled = path.resolve(here, '../web');
  // Run from source (tsx), this file sits in src/api and the build in dist/web.
  return fs.existsSync(path.join(compiled, 'index.html')) ? compiled : path.resolve(here, '../../dist/web');
}

interface CachedFile {
  body: Buffer;
  gzipped: Buffer | undefined;
  type: string;
  mtimeMs: number;
}

const MISSING_BUILD =
  'The Faultline dashboard has not been built.\n\n' +
  'Run `npm run build` (it builds the server and the dashboard into dist/), then restart Faultline.\n' +
  'The API under /api/ works without it.\n';

/**
 * Serves the dashboard's build (dist/web) from the same process: hashed assets with immutable cache
 * headers, index.html for every other GET outside the server's own paths (the dashboard routes in the
 * browser), and a 503 that says to build when there is nothing to serve. Registered last, so every
 * real route wins over its catch-all. The road not taken: @fastify/static, a dependency for some
 * twenty lines.
 */
export async function dashboardRoutes(app: FastifyInstance, opts: { root?: string }): Promise<void> {
  const root = path.resolve(opts.root ?? defaultRoot());
  // Files are read once and kept: the build is immutable while the process runs, and small.
  const cache = new Map<string, CachedFile>();

  const load = (file: string): CachedFile | undefined => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === stat.mtimeMs) return hit;
    const ext = path.extname(file).toLowerCase();
    const body = fs.readFileSync(file);
    const entry: CachedFile = {
      body,
      gzipped: COMPRESSIBLE.has(ext) && body.length > 1024 ? gzipSync(body) : undefined,
      type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
      mtimeMs: stat.mtimeMs,
    };
    cache.set(file, entry);
    return entry;
  };

  const send = (request: FastifyRequest, reply: FastifyReply, f: CachedFile, cacheControl: string) => {
    reply
      .header('content-type', f.type)
      .header('cache-control', cacheControl)
      .header('vary', 'accept-encoding');
    reply.header('x-content-type-options', 'nosniff');
    const accepts = String(request.headers['accept-encoding'] ?? '');
    if (f.gzipped && /\bgzip\b/.test(accepts)) {
      return reply.header('content-encoding', 'gzip').send(f.gzipped);
    }
    return reply.send(f.body);
  };

  app.get('/*', async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (SERVER_PATHS.test(pathname)) return reply.callNotFound();
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return reply.callNotFound();
    }
    const file = path.resolve(root, `.${decoded}`);
    const inside = file.startsWith(root + path.sep);
    if (inside && decoded !== '/' && !decoded.endsWith('/index.html')) {
      const asset = load(file);
      // Vite names every built asset by its content hash, so a browser may keep it for good.
      if (asset)
        return send(
          request,
          reply,
          asset,
          decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
      // A missing script or stylesheet must fail as such, not as an HTML page with the wrong type.
      if (decoded.startsWith('/assets/') || CONTENT_TYPES[path.extname(decoded).toLowerCase()] !== undefined)
        return reply.callNotFound();
    }
    const index = load(path.join(root, 'index.html'));
    if (!index)
      return reply.code(503).header('content-type', 'text/plain; charset=utf-8').send(MISSING_BUILD);
    // The page names the current hashed assets, so it is revalidated on every load.
    return send(request, reply, index, 'no-cache');
  });
}
