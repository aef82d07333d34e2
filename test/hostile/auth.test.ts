import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backend } from '../helpers/server.js';
import {
  apiRequest,
  assertErrorBody,
  eventEnvelope,
  expectRefusal,
  rawRequest,
  sampleEvent,
  sendProbe,
  startTarget,
  superuserToken,
  targetFor,
  type RawResponse,
  type Target,
} from './helpers.js';

describe('hostile authentication and keys', { timeout: 180_000 }, () => {
  let t: Target;
  let other: Target;
  let token: string;
  const keyPath = (publicKey: string, suffix = '') =>
    `/api/0/projects/${t.project.organization}/${t.project.slug}/keys/${publicKey}/${suffix}`;

  before(async () => {
    t = await startTarget({ FAULTLINE_LOG_LEVEL: 'debug' });
    other = targetFor(t.server, await t.server.createProject('other'));
    token = (await superuserToken(t.server)).token;
  });
  after(async () => t.server.cleanup());

  /** Expects the one 403 answer ingest gives whenever a project and key do not belong together. */
  const denied = (res: RawResponse) => {
    const body = assertErrorBody(res, 403);
    assert.deepEqual(body, { detail: 'invalid project id or key', causes: [] });
  };

  test('answers 401, with no key read, to a missing or garbage auth header', async () => {
    await expectRefusal(t, async () => {
      const bodies: unknown[] = [];
      for (const headers of [
        {} as Record<string, string>,
        { 'x-sentry-auth': 'garbage' },
        { 'x-sentry-auth': 'Sentry sentry_key=, sentry_version=7' },
        { authorization: 'Basic Zm9vOmJhcg==' },
      ]) {
        const res = await rawRequest(`${t.server.url}/api/${t.project.id}/envelope/`, {
          headers,
          body: eventEnvelope(sampleEvent()),
        });
        bodies.push(assertErrorBody(res, 401, /missing authorization/));
      }
      for (const body of bodies) assert.deepEqual(body, bodies[0]);
    });
  });

  test('answers the same 403 on the store endpoint to an unknown key, an unknown project and another project’s key', async () => {
    await expectRefusal(t, async () => {
      const body = JSON.stringify(sampleEvent());
      for (const url of [
        `${t.server.url}/api/${t.project.id}/store/?sentry_key=${'f'.repeat(32)}`,
        `${t.server.url}/api/99999/store/?sentry_key=${t.project.publicKey}`,
        `${t.server.url}/api/${t.project.id}/store/?sentry_key=${other.project.publicKey}`,
      ])
        denied(await rawRequest(url, { body }));
    });
  });

  test('answers the same 403 to malformed project ids and injection-shaped keys', async () => {
    await expectRefusal(t, async () => {
      const body = eventEnvelope(sampleEvent());
      for (const [projectId, key] of [
        ['abc', t.project.publicKey],
        ['-1', t.project.publicKey],
        ['0', t.project.publicKey],
        ['1234567890123456', t.project.publicKey],
        [`${t.project.id}%20OR%201=1`, t.project.publicKey],
        [t.project.id, encodeURIComponent(`' OR '1'='1`)],
        [t.project.id, `${t.project.publicKey}%00`],
        [t.project.id, t.project.publicKey.toUpperCase()],
      ] as const) {
        denied(await rawRequest(`${t.server.url}/api/${projectId}/envelope/?sentry_key=${key}`, { body }));
      }
    });
  });

  test('answers the same 403 when only the envelope dsn names a wrong key or project', async () => {
    await expectRefusal(t, async () => {
      const ev = sampleEvent();
      const dsnFor = (key: string, projectId: string) =>
        `http://${key}@127.0.0.1:${t.server.port}/${projectId}`;
      for (const dsn of [
        dsnFor('e'.repeat(32), t.project.id),
        dsnFor(other.project.publicKey, t.project.id),
        dsnFor(t.project.publicKey, other.project.id),
      ]) {
        const body = `${JSON.stringify({ event_id: ev.event_id, dsn })}\n{"type":"event"}\n${JSON.stringify(ev)}\n`;
        denied(await rawRequest(`${t.server.url}/api/${t.project.id}/envelope/`, { body }));
      }
    });
  });

  test('refuses a disabled key on the very next request, and accepts it again once re-enabled', async () => {
    const path = `/api/0/projects/${other.project.organization}/${other.project.slug}/keys/${other.project.publicKey}/`;
    const disable = await apiRequest(t.server, 'PUT', path, token, { isActive: false });
    assert.equal(disable.status, 200, disable.text);
    assert.equal(disable.json().isActive, false);
    await expectRefusal(t, async () => {
      denied(await rawRequest(other.envelopeUrl(), { body: eventEnvelope(sampleEvent()) }));
      denied(await rawRequest(other.storeUrl(), { body: JSON.stringify(sampleEvent()) }));
    });
    // A key is managed only through its own project.
    const sideways = await apiRequest(t.server, 'PUT', keyPath(other.project.publicKey), token, {
      isActive: true,
    });
    assert.equal(sideways.status, 404, sideways.text);
    assert.equal((await apiRequest(t.server, 'PUT', path, token, { isActive: true })).status, 200);
    await sendProbe(other);
  });

  test('refuses the old key of a rotated pair at once and accepts the new one', async () => {
    const rotated = await apiRequest(t.server, 'POST', keyPath(t.project.publicKey, 'rotate/'), token);
    assert.equal(rotated.status, 201, rotated.text);
    const fresh = String(rotated.json().public);
    assert.notEqual(fresh, t.project.publicKey);
    const old = t.project;
    t = targetFor(t.server, {
      ...old,
      publicKey: fresh,
      dsn: String((rotated.json().dsn as { public: string }).public),
    });
    await expectRefusal(t, async () => {
      denied(
        await rawRequest(targetFor(t.server, old).envelopeUrl(), { body: eventEnvelope(sampleEvent()) }),
      );
    });
  });

  test('refuses a deleted key at once', async () => {
    const created = await apiRequest(
      t.server,
      'POST',
      `/api/0/projects/${t.project.organization}/${t.project.slug}/keys/`,
      token,
      { name: 'short-lived' },
    );
    assert.equal(created.status, 201, created.text);
    const doomed = targetFor(t.server, { ...t.project, publicKey: String(created.json().public) });
    await sendProbe(doomed);
    assert.equal(
      (await apiRequest(t.server, 'DELETE', keyPath(doomed.project.publicKey), token)).status,
      204,
    );
    await expectRefusal(t, async () => {
      denied(await rawRequest(doomed.envelopeUrl(), { body: eventEnvelope(sampleEvent()) }));
    });
  });

  test('never writes passwords, API tokens, session tokens or key secrets to the server log', async () => {
    const admin = await superuserToken(t.server);
    const secret = 'sek-' + 'r'.repeat(28);
    // Failed and successful logins, a session, bearer and basic tokens, wrong tokens, key secrets.
    const login = (password: string) =>
      rawRequest(`${t.server.url}/api/auth/login`, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: admin.email, password }),
      });
    assert.equal((await login(`${admin.password}-wrong`)).status, 401);
    const session = await login(admin.password);
    assert.equal(session.status, 200, session.text);
    const sessionToken = String(session.json().token);
    await rawRequest(`${t.server.url}/api/auth/login`, {
      headers: { 'content-type': 'application/json' },
      body: `{"email":"${admin.email}","password":"${admin.password}"`,
    });
    for (const authorization of [
      `Bearer ${admin.token}`,
      `Bearer ${admin.token}x`,
      `Basic ${Buffer.from(`${admin.token}:`).toString('base64')}`,
    ])
      await rawRequest(`${t.server.url}/api/0/organizations/`, { method: 'GET', headers: { authorization } });
    await rawRequest(`${t.server.url}/api/0/organizations/?token=${admin.token}`, {
      method: 'GET',
      headers: { cookie: `faultline_session=${sessionToken}` },
    });
    await rawRequest(`${t.server.url}/api/${t.project.id}/envelope/`, {
      headers: {
        'x-sentry-auth': `Sentry sentry_key=${t.project.publicKey}, sentry_secret=${secret}, sentry_version=7`,
      },
      body: 'not an envelope',
    });
    await rawRequest(
      `${t.server.url}/api/${t.project.id}/store/?sentry_key=${t.project.publicKey}&sentry_secret=${secret}`,
      {
        body: JSON.stringify(sampleEvent()),
      },
    );
    if (backend === 'postgres') {
      // The database password must not show either: restart with one in DATABASE_URL.
      const url = new URL(String(t.server.env.DATABASE_URL));
      url.password = 'db-pass-do-not-log';
      t.server.env.DATABASE_URL = url.toString();
      await t.server.restart();
    }
    await sendProbe(t);
    const log = t.server.output();
    assert.ok(log.length > 0);
    for (const s of [admin.password, admin.token, sessionToken, secret, 'db-pass-do-not-log']) {
      assert.ok(!log.includes(s), `the server log contains ${s.slice(0, 8)}…`);
    }
  });
});
