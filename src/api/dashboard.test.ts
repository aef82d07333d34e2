import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { dashboardRoutes } from './dashboard.js';

async function appServing(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'no route', causes: [] }));
  app.get('/api/0/', async () => ({ version: '0' }));
  await app.register(dashboardRoutes, { root });
  return app;
}

describe('the dashboard handler', () => {
  let dir: string;
  let app: FastifyInstance;
  const script = `console.log(${JSON.stringify('x'.repeat(4000))});`;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-web-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets/index-abc123.js'), script);
    fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    fs.writeFileSync(path.join(os.tmpdir(), 'faultline-secret.txt'), 'secret');
    app = await appServing(dir);
  });

  after(async () => {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('answers the app page for any path that is not the server’s own, revalidated on every load', async () => {
    for (const url of [
      '/',
      '/organizations/acme/issues/',
      '/organizations/acme/issues/12/events/latest/?json=1',
      '/login',
    ]) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.headers['content-type'] as string, /^text\/html; charset=utf-8/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.equal(res.body, '<!doctype html><div id="root"></div>');
    }
  });

  test('serves hashed assets with their type and an immutable cache header, gzipped when asked', async () => {
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(plain.body, script);
    const gz = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), script);
    const icon = await app.inject({ url: '/favicon.svg' });
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
  });

  test('answers 404, not the page, for a missing asset and for unknown server paths', async () => {
    assert.equal((await app.inject({ url: '/assets/index-missing.js' })).statusCode, 404);
    assert.equal((await app.inject({ url: '/favicon.ico' })).statusCode, 404);
    for (const url of ['/api/0/nope/', '/api/unknown', '/healthz', '/metrics']) {
      const res = await app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.deepEqual(res.json(), { detail: 'no route', causes: [] });
    }
    assert.equal((await app.inject({ url: '/api/0/' })).statusCode, 200);
  });

  test('never serves a file outside its folder', async () => {
    for (const url of [
      '/../faultline-secret.txt',
      '/%2e%2e/faultline-secret.txt',
      '/assets/..%2f..%2ffaultline-secret.txt',
    ]) {
      const res = await app.inject({ url });
      assert.notEqual(res.body, 'secret', url);
    }
  });

  test('answers 503 saying how to build when there is no build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-noweb-'));
    const bare = await appServing(empty);
    const res = await bare.inject({ url: '/' });
    assert.equal(res.statusCode, 503);
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    assert.match(res.body, /npm run build/);
    assert.equal((await bare.inject({ url: '/api/0/' })).statusCode, 200);
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
