import assert from 'node:assert/strict';
import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { AnswerCache } from '../lib/answer-cache.js';
import type { IntakeSpool } from '../storage/intake-spool.js';
import type { Schema } from '../storage/schema.js';
import { parseTagSiteSettings, type TagSite } from '../storage/tag-sites.js';
import { QuotaCounter } from './quota.js';
import {
  createDirectTagIngest,
  isDirectTagIngest,
  matchTagIngestPath,
  type TagIngestDoor,
} from './direct-tag-ingest.js';
import type { TagIngestDeps } from './tags-endpoint.js';

describe('matchTagIngestPath', () => {
  const cases: [string, string, string, TagIngestDoor | undefined][] = [
    ['takes the shared door', 'POST', '/api/ingest', 'shared'],
    ['takes the shared door without /api', 'POST', '/ingest', 'shared'],
    ['takes a trailing slash and a query string', 'POST', '/api/ingest/?v=2', 'shared'],
    ['takes an empty query string', 'POST', '/ingest?', 'shared'],
    ['takes the tags-only door', 'POST', '/api/tags/ingest/', 'tags-only'],
    ['leaves other methods to Fastify', 'OPTIONS', '/api/ingest', undefined],
    ['leaves GET to Fastify', 'GET', '/api/tags/ingest', undefined],
    ['leaves /tags/ingest (not a route) to Fastify', 'POST', '/tags/ingest', undefined],
    ['leaves an encoded path to Fastify', 'POST', '/api/%69ngest', undefined],
    ['leaves a doubled slash to Fastify', 'POST', '/api/ingest//', undefined],
    ['leaves a fragment to Fastify', 'POST', '/api/ingest#x', undefined],
    ['leaves a longer path to Fastify', 'POST', '/api/ingest/flush', undefined],
    ['leaves another case to Fastify', 'POST', '/API/ingest', undefined],
    ['leaves the envelope endpoint alone', 'POST', '/api/42/envelope/', undefined],
  ];
  for (const [name, method, url, expected] of cases) {
    test(name, () => assert.equal(matchTagIngestPath(method, url), expected));
  }
});

describe('isDirectTagIngest', () => {
  const key = { 'x-faultline-key': 'pk_live_abc' };
  const cases: [string, string, IncomingHttpHeaders, boolean][] = [
    ['takes a payload with X-Faultline-Key', '/api/ingest', key, true],
    ['takes a payload with X-Probr-Key', '/ingest', { 'x-probr-key': 'pk_live_abc' }, true],
    ['leaves a request without a key to Fastify (401 or another product)', '/api/ingest', {}, false],
    ['leaves a blank key to Fastify', '/api/ingest', { 'x-faultline-key': '  ' }, false],
    [
      'leaves a mobile token to the mobile product',
      '/api/ingest',
      { ...key, 'x-faultline-token': 't' },
      false,
    ],
    ['leaves a Pionne token to the mobile product', '/ingest', { ...key, 'x-pionne-token': 't' }, false],
    ['ignores a blank token, as the route does', '/api/ingest', { ...key, 'x-pionne-token': '' }, true],
    [
      'takes the tags-only door even with a token',
      '/api/tags/ingest',
      { ...key, 'x-faultline-token': 't' },
      true,
    ],
    ['leaves the tags-only door without a key to Fastify', '/api/tags/ingest', {}, false],
  ];
  for (const [name, url, headers, expected] of cases) {
    test(name, () => assert.equal(isDirectTagIngest('POST', url, headers), expected));
  }
});

const KEY = 'pk_live_0123456789abcdef';
const SITE: TagSite = {
  id: 7,
  organizationId: 1,
  organizationSlug: 'acme',
  slug: 'shop',
  name: 'Shop',
  enabled: true,
  sgtmUrl: null,
  keyPrefix: KEY.slice(0, 16),
  settings: parseTagSiteSettings('{}'),
  createdAt: 0,
  lastProbeAt: null,
};

/** The lean path alone on a real socket, with the site already known and a spool that fails oddly. */
async function serve(closing: boolean) {
  const sites = new AnswerCache<TagSite>();
  await sites.lookup(KEY, async () => SITE);
  const deps: TagIngestDeps = {
    db: {} as Kysely<Schema>,
    spool: {
      pendingCount: () => 0,
      append: async () => {
        throw new Error('disk on fire');
      },
    } as unknown as IntakeSpool,
    quota: new QuotaCounter(),
    maxSpoolBacklog: 1000,
    sites,
  };
  const logged: string[] = [];
  const log = { error: (_obj: { err: unknown }, msg: string) => void logged.push(msg) };
  const direct = createDirectTagIngest(
    deps,
    () => log,
    () => closing,
  );
  const server = http.createServer((req, res) => {
    if (!direct(req, res)) res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/ingest`;
  const post = async () => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'x-faultline-key': KEY },
      body: JSON.stringify({ container_id: 'GTM-1', event_name: 'page_view', timestamp_ms: 1, tags: [] }),
    });
    return { status: res.status, headers: res.headers, body: await res.text() };
  };
  return { post, logged, close: () => new Promise((r) => server.close(r)) };
}

describe('createDirectTagIngest', () => {
  test('answers 503 in Probr’s shape while the server is closing, and closes the connection', async () => {
    const s = await serve(true);
    try {
      const res = await s.post();
      assert.equal(res.status, 503);
      assert.equal(res.body, '{"error":"unavailable","detail":"the server is shutting down; retry later"}');
      assert.equal(res.headers.get('retry-after'), '5');
      assert.equal(res.headers.get('connection'), 'close');
    } finally {
      await s.close();
    }
  });

  test('logs an unexpected failure and answers 500 internal_error', async () => {
    const s = await serve(false);
    try {
      const res = await s.post();
      assert.equal(res.status, 500);
      assert.equal(res.body, '{"error":"internal_error"}');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
      assert.deepEqual(s.logged, ['tag ingest failed']);
    } finally {
      await s.close();
    }
  });
});
