import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../helpers/api-client.js';
import { rawRequest } from '../../helpers/envelope.js';
import { postJson, registerUser, type SeedUser } from '../../helpers/seed-client.js';
import { startServer, type TestServer } from '../../helpers/server.js';

interface CollectorIssue {
  id: string;
  appKey: string;
  fingerprint: string;
  message: string;
  errorType: string;
  eventCount: number;
  firstSeenAt: number;
  lastSeenAt: number;
}
interface CollectorEventOut {
  eventId: string;
  sessionId: string | null;
  anonymousId: string | null;
  errorType: string | null;
  message: string | null;
  fingerprint: string | null;
  timestamp: number;
}
interface Totals {
  events: number;
  errors: number;
  failedRequests: number;
  affectedUsers: number;
  issues: number;
  sessions: number;
}

/** The collector docs' example event (seeds/003), with the app key of the app under test. */
function docsEvent(appKey: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: `evt_${randomUUID()}`,
    appKey,
    platform: 'web',
    type: 'error',
    timestamp: 1716192000000,
    sessionId: 'session_xxx',
    anonymousId: 'anon_xxx',
    sdkVersion: '0.1.0',
    errorType: 'js',
    message: "Cannot read property 'foo' of undefined",
    stack: '...',
    fingerprint: 'js:abc123',
    breadcrumbs: [],
    ...overrides,
  };
}

describe('web collector batch ingest (POST /api/events/batch) and its API', () => {
  let server: TestServer;
  let user: SeedUser;
  let appKey: string;
  const batch = (body: unknown) => postJson(`${server.url}/api/events/batch`, body);
  const overview = async (): Promise<Totals> => {
    const res = await user.call('GET', `/api/overview?appKey=${appKey}`);
    assert.equal(res.status, 200, res.text);
    return (res.json() as { totals: Totals }).totals;
  };
  const issues = async (): Promise<CollectorIssue[]> => {
    const res = await user.call('GET', `/api/issues?appKey=${appKey}`);
    assert.equal(res.status, 200, res.text);
    return (res.json() as { issues: CollectorIssue[] }).issues;
  };

  before(async () => {
    server = await startServer();
    user = await registerUser(server);
    const created = await user.call('POST', '/api/apps', { name: 'My Web App', type: 'web' });
    assert.equal(created.status, 201, created.text);
    const app = created.json();
    assert.deepEqual(Object.keys(app).sort(), ['appKey', 'createdAt', 'id', 'name', 'type']);
    assert.equal(app.name, 'My Web App');
    assert.equal(app.type, 'web');
    assert.match(String(app.appKey), /^web_[0-9A-Za-z]{32}$/);
    appKey = String(app.appKey);
  });
  after(async () => server.cleanup());

  test('lists the app with its key', async () => {
    const res = await user.call('GET', '/api/apps');
    assert.equal(res.status, 200, res.text);
    const apps = (res.json() as { apps: { appKey: string; name: string }[] }).apps;
    assert.deepEqual(
      apps.map((a) => [a.name, a.appKey]),
      [['My Web App', appKey]],
    );
  });

  test("accepts the docs' example batch and answers {accepted: 1}", async () => {
    const res = await batch({ appKey, events: [docsEvent(appKey)] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { accepted: 1, rejected: [], duplicates: 0 });
    const list = await eventually(async () => {
      const l = await issues();
      return l.length === 1 && l[0]!.eventCount === 1 ? l : undefined;
    });
    const issue = list[0]!;
    assert.equal(issue.appKey, appKey);
    assert.equal(issue.fingerprint, 'js:abc123');
    assert.equal(issue.message, "Cannot read property 'foo' of undefined");
    assert.equal(issue.errorType, 'js');
    assert.equal(issue.firstSeenAt, 1716192000000);
    assert.equal(issue.lastSeenAt, 1716192000000);

    const detail = await user.call('GET', `/api/issues/${issue.id}`);
    assert.equal(detail.status, 200, detail.text);
    const body = detail.json() as { issue: CollectorIssue; events: CollectorEventOut[] };
    assert.equal(body.issue.id, issue.id);
    assert.equal(body.events.length, 1);
    assert.equal(body.events[0]!.sessionId, 'session_xxx');
    assert.equal(body.events[0]!.anonymousId, 'anon_xxx');
    assert.equal(body.events[0]!.fingerprint, 'js:abc123');
    assert.equal(body.events[0]!.timestamp, 1716192000000);
    assert.match(body.events[0]!.eventId, /^evt_/);
    // The same issue through the Sentry-compatible API.
    assert.equal((await user.call('GET', `/api/0/issues/${issue.id}/`)).json().id, issue.id);
  });

  test('accepts 47 of a batch of 50 with 3 invalid events and names the 3', async () => {
    const events: unknown[] = Array.from({ length: 50 }, (_, i) =>
      docsEvent(appKey, {
        message: `error ${i}`,
        fingerprint: 'js:batch50',
        sessionId: `s-${i % 5}`,
        anonymousId: `a-${i % 7}`,
      }),
    );
    events[7] = docsEvent(appKey, { type: undefined });
    events[23] = docsEvent(appKey, { timestamp: 'yesterday' });
    events[41] = 'not an event';
    const res = await batch({ appKey, events });
    assert.equal(res.status, 200, res.text);
    const body = res.json() as { accepted: number; rejected: { index: number; error: string }[] };
    assert.equal(body.accepted, 47);
    assert.deepEqual(
      body.rejected.map((r) => r.index),
      [7, 23, 41],
    );
    assert.match(body.rejected[0]!.error, /type/);
    assert.match(body.rejected[1]!.error, /timestamp/);
    const grouped = await eventually(async () => {
      const issue = (await issues()).find((i) => i.fingerprint === 'js:batch50');
      return issue && issue.eventCount === 47 ? issue : undefined;
    });
    // The SDK's fingerprint groups 47 different messages into one issue.
    assert.equal(grouped.eventCount, 47);
  });

  test('stores an event once however often it is sent (dedupe by eventId)', async () => {
    const event = docsEvent(appKey, { fingerprint: 'js:dedupe', message: 'once' });
    const first = await batch({ appKey, events: [event, event] });
    assert.deepEqual(first.json(), { accepted: 1, rejected: [], duplicates: 1 });
    await eventually(async () =>
      (await issues()).find((i) => i.fingerprint === 'js:dedupe') ? true : undefined,
    );
    const again = await batch({ appKey, events: [event] });
    assert.deepEqual(again.json(), { accepted: 0, rejected: [], duplicates: 1 });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await issues()).find((i) => i.fingerprint === 'js:dedupe')?.eventCount, 1);
  });

  test('counts failed requests, affected users and sessions in the overview', async () => {
    const before = await overview();
    const res = await batch({
      appKey,
      events: [
        {
          eventId: 'req-1',
          type: 'request',
          url: 'https://api.example.com/cart',
          method: 'get',
          status: 500,
          sessionId: 'fresh-session',
          anonymousId: 'fresh-user',
          timestamp: Date.now(),
        },
        {
          eventId: 'req-2',
          type: 'error',
          errorType: 'http',
          message: 'GET /orders → 502',
          sessionId: 'fresh-session',
          anonymousId: 'fresh-user',
        },
        docsEvent(appKey, {
          fingerprint: 'js:overview',
          sessionId: 'fresh-session-2',
          anonymousId: 'fresh-user-2',
        }),
      ],
    });
    assert.equal(res.json().accepted, 3, res.text);
    const after = await eventually(async () => {
      const t = await overview();
      return t.events === before.events + 3 && t.sessions === before.sessions + 2 ? t : undefined;
    });
    assert.equal(after.failedRequests, before.failedRequests + 2);
    assert.equal(after.errors, before.errors + 1);
    assert.equal(after.affectedUsers, before.affectedUsers + 2);
    assert.equal(after.issues, (await issues()).length);
    // Without a filter the totals cover every project of the caller.
    const all = (await user.call('GET', '/api/overview')).json() as { totals: Totals };
    assert.ok(all.totals.events >= after.events);
  });

  test('answers 401 to an unknown appKey, 422 to a batch of 0 or 51 events, 400 to malformed JSON', async () => {
    assert.equal(
      (await batch({ appKey: 'web_unknown0000000000000000', events: [docsEvent('x')] })).status,
      401,
    );
    assert.equal((await batch({ appKey, events: [] })).status, 422);
    assert.equal(
      (await batch({ appKey, events: Array.from({ length: 51 }, () => docsEvent(appKey)) })).status,
      422,
    );
    assert.equal((await batch({ events: [docsEvent(appKey)] })).status, 422);
    assert.equal((await batch('{"appKey":')).status, 400);
    assert.equal((await user.call('GET', '/api/issues?appKey=web_nobody')).status, 404);
  });

  test('answers a browser preflight and accepts a text/plain batch from a page', async () => {
    const preflight = await rawRequest(`${server.url}/api/events/batch`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://shop.example.com');
    assert.match(String(preflight.headers['access-control-allow-methods']), /POST/);
    assert.match(String(preflight.headers['access-control-allow-headers']), /content-type/);
    const res = await rawRequest(`${server.url}/api/events/batch`, {
      headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example.com' },
      body: JSON.stringify({ appKey, events: [docsEvent(appKey, { fingerprint: 'js:beacon' })] }),
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers['access-control-allow-origin'], 'https://shop.example.com');
  });
});
