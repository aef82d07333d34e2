import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { envelopeOf, sendEnvelopes } from '../../helpers/dashboard.js';
import { eventId, rawRequest, sampleEvent, type RawResponse } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

/** The APIs the dashboard added: event attachments, API tokens, members and project tags. */
describe('the APIs behind the dashboard', { timeout: 60_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let session = '';
  const withEvent = eventId();
  const other = eventId();
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
    'base64',
  );

  const call = (method: string, path: string, body?: unknown, secret = session): Promise<RawResponse> =>
    rawRequest(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${secret}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  before(async () => {
    server = await startServer({ env: { FAULTLINE_LOG_LEVEL: 'warn' } });
    const res = await rawRequest(`${server.url}/api/auth/register`, {
      body: JSON.stringify({ email: 'owner@example.com', password: 'a long enough password' }),
      headers: { 'content-type': 'application/json' },
    });
    session = String(res.json().token);
    project = await server.createProject('web', 'javascript');
    await sendEnvelopes(server.url, project, [
      envelopeOf(sampleEvent(withEvent, { tags: { route: '/checkout', browser: 'Firefox 128' } }), [
        { name: 'screen.png', type: 'image/png', data: png },
        { name: 'page.html', type: 'text/html', data: Buffer.from('<script>alert(1)</script>') },
      ]),
      envelopeOf(sampleEvent(other, { tags: { route: '/cart', browser: 'Firefox 128' } })),
    ]);
    // Both: the tag counts below add up the two events, which may be digested in different batches.
    await server.waitForEvent(project.id, withEvent);
    await server.waitForEvent(project.id, other);
  });

  after(async () => {
    await server?.cleanup();
  });

  test("lists an event's attachments and serves images inline, everything else as a sandboxed download", async () => {
    const base = `/api/0/projects/${project.organization}/${project.slug}/events/${withEvent}/attachments/`;
    const list = await call('GET', base);
    assert.equal(list.status, 200);
    const items = JSON.parse(list.text) as { name: string; mimetype: string; size: number }[];
    assert.deepEqual(
      items.map((a) => [a.name, a.mimetype, a.size]),
      [
        ['screen.png', 'image/png', png.length],
        ['page.html', 'text/html', 25],
      ],
    );
    const image = await call('GET', `${base}screen.png/?download=1`);
    assert.equal(image.status, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.match(String(image.headers['content-disposition']), /^inline/);
    const page = await call('GET', `${base}page.html/?download=1`);
    assert.equal(page.headers['content-type'], 'application/octet-stream');
    assert.match(String(page.headers['content-disposition']), /^attachment; filename\*=UTF-8''page\.html/);
    assert.match(String(page.headers['content-security-policy']), /sandbox/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const meta = await call('GET', `${base}page.html/`);
    assert.equal(JSON.parse(meta.text).name, 'page.html');
    assert.equal((await call('GET', `${base}nope.txt/?download=1`)).status, 404);
    assert.equal((await call('GET', base, undefined, 'not-a-token')).status, 401);
  });

  test('creates an API token shown once, lists it without the secret, and revokes it', async () => {
    const created = await call('POST', '/api/0/api-tokens/', {
      name: 'ci',
      scopes: ['project:read', 'event:read'],
    });
    assert.equal(created.status, 201);
    const token = JSON.parse(created.text) as { id: string; token: string; scopes: string[] };
    assert.match(token.token, /^flt_/);
    assert.deepEqual(token.scopes, ['project:read', 'event:read']);

    const listed = JSON.parse((await call('GET', '/api/0/api-tokens/')).text) as Record<string, unknown>[];
    assert.equal(listed.length, 1);
    assert.equal(listed[0]?.name, 'ci');
    assert.ok(!JSON.stringify(listed).includes(token.token), 'the list never shows the token');

    // The token works within its scopes, and cannot mint more tokens.
    assert.equal(
      (
        await call(
          'GET',
          `/api/0/projects/${project.organization}/${project.slug}/issues/`,
          undefined,
          token.token,
        )
      ).status,
      200,
    );
    assert.equal(
      (await call('POST', '/api/0/api-tokens/', { scopes: ['org:admin'] }, token.token)).status,
      403,
    );
    assert.equal((await call('POST', '/api/0/api-tokens/', { scopes: ['no:such'] })).status, 422);

    assert.equal((await call('DELETE', `/api/0/api-tokens/${token.id}/`)).status, 204);
    assert.equal(
      (
        await call(
          'GET',
          `/api/0/projects/${project.organization}/${project.slug}/issues/`,
          undefined,
          token.token,
        )
      ).status,
      401,
    );
    assert.equal((await call('DELETE', `/api/0/api-tokens/${token.id}/`)).status, 404);
    assert.deepEqual(JSON.parse((await call('GET', '/api/0/api-tokens/')).text), []);
  });

  test("lists a project's tag keys and values for search suggestions", async () => {
    const base = `/api/0/projects/${project.organization}/${project.slug}/tags/`;
    const keys = JSON.parse((await call('GET', base)).text) as { key: string; totalValues: number }[];
    assert.ok(keys.some((k) => k.key === 'route' && k.totalValues === 2));
    assert.ok(keys.some((k) => k.key === 'environment'));
    const values = JSON.parse((await call('GET', `${base}route/values/`)).text) as {
      value: string;
      count: number;
    }[];
    assert.deepEqual(values.map((v) => v.value).sort(), ['/cart', '/checkout']);
    assert.deepEqual(JSON.parse((await call('GET', `${base}no-such-key/values/`)).text), []);
  });

  test('lists the members of an organization and adds someone who has an account', async () => {
    const org = `/api/0/organizations/${project.organization}/members/`;
    await rawRequest(`${server.url}/api/auth/register`, {
      body: JSON.stringify({ email: 'dev@example.com', password: 'another long password' }),
      headers: { 'content-type': 'application/json' },
    });
    const added = await call('POST', org, { email: 'dev@example.com', role: 'member' });
    assert.equal(added.status, 201, added.text);
    const members = JSON.parse((await call('GET', org)).text) as { email: string; role: string }[];
    assert.ok(members.some((m) => m.email === 'dev@example.com' && m.role === 'member'));
    assert.equal((await call('POST', org, { email: 'dev@example.com' })).status, 422);
    assert.equal((await call('POST', org, { email: 'nobody@example.com' })).status, 422);
  });
});
