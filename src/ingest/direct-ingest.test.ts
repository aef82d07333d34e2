import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { matchIngestPath, type IngestPath } from './direct-ingest.js';

describe('matchIngestPath', () => {
  const cases: [string, string, string, IngestPath | undefined][] = [
    [
      'takes an envelope with the key in the query string',
      'POST',
      '/api/42/envelope/?sentry_key=abc&sentry_version=7',
      { endpoint: 'envelope', projectId: '42', query: 'sentry_key=abc&sentry_version=7' },
    ],
    [
      'takes a store request without a trailing slash',
      'POST',
      '/api/7/store',
      { endpoint: 'store', projectId: '7', query: '' },
    ],
    [
      'takes an empty query string',
      'POST',
      '/api/7/envelope/?',
      { endpoint: 'envelope', projectId: '7', query: '' },
    ],
    ['leaves other methods to Fastify', 'OPTIONS', '/api/42/envelope/', undefined],
    ['leaves a non-numeric project id to Fastify', 'POST', '/api/abc/envelope/', undefined],
    ['leaves an encoded project id to Fastify', 'POST', '/api/%34%32/envelope/', undefined],
    ['leaves a 16-digit project id to Fastify', 'POST', `/api/${'9'.repeat(16)}/envelope/`, undefined],
    ['leaves a doubled slash to Fastify', 'POST', '/api/42/envelope//', undefined],
    ['leaves a fragment to Fastify', 'POST', '/api/42/envelope/#x', undefined],
    ['leaves other endpoints to Fastify', 'POST', '/api/42/security/', undefined],
    ['leaves the web API to Fastify', 'POST', '/api/0/projects/acme/app/keys/', undefined],
  ];
  for (const [name, method, url, expected] of cases) {
    test(name, () => assert.deepEqual(matchIngestPath(method, url), expected));
  }
});
