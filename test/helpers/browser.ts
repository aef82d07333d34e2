import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Debian's chromium; playwright-core ships no browser of its own. */
export const CHROMIUM_PATH = process.env.FAULTLINE_TEST_CHROMIUM ?? '/usr/bin/chromium';

// Headless and quiet: no sandbox (containers), and none of the background traffic Chromium starts by
// itself (component updates, sync, QUIC probes), so every request a test sees comes from the page.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium for a test; close it with `browser.close()`. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/** What a page said on its console and which of its requests failed, for "no CORS errors" checks. */
export interface PageLog {
  console: { type: string; text: string }[];
  pageErrors: string[];
  failedRequests: { url: string; error: string }[];
  /** Console errors, page errors and failed requests, one line each. */
  problems(): string[];
}

/** Starts recording a page's console messages, uncaught page errors and failed requests. */
export function recordPageLog(page: Page): PageLog {
  const log: PageLog = {
    console: [],
    pageErrors: [],
    failedRequests: [],
    problems: () => [
      ...log.console.filter((m) => m.type === 'error').map((m) => `console.error: ${m.text}`),
      ...log.pageErrors.map((e) => `pageerror: ${e}`),
      ...log.failedRequests.map((r) => `request failed: ${r.url} (${r.error})`),
    ],
  };
  page.on('console', (m: ConsoleMessage) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e: Error) => log.pageErrors.push(`${e.name}: ${e.message}`));
  page.on('requestfailed', (r) =>
    log.failedRequests.push({ url: r.url(), error: r.failure()?.errorText ?? 'unknown' }),
  );
  return log;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticSite {
  /** `http://127.0.0.1:<port>`, an origin different from the Faultline server's. */
  origin: string;
  close(): Promise<void>;
}

/** Serves the files of `dir` on 127.0.0.1 (own port, so its origin differs from the server under test). */
export async function serveStatic(dir: string): Promise<StaticSite> {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
