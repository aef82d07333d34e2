import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listAttachments } from '../../../src/storage/events.js';
import { countMobileProfiles } from '../../../src/storage/mobile-profiles.js';
import { eventually } from '../../helpers/api-client.js';
import { rawRequest } from '../../helpers/envelope.js';
import {
  createMobileProject,
  postJson,
  registerUser,
  type MobileProject,
  type SeedUser,
} from '../../helpers/seed-client.js';
import { startServer, type TestServer } from '../../helpers/server.js';

/** The example payload of the ingest docs (seeds/000), verbatim. */
const DOCS_EXAMPLE = {
  exception_type: 'TypeError',
  message: "undefined is not an object (evaluating 'user.name')",
  stack: 'TypeError: undefined is not an object\n at ...',
  level: 'error',
  release: '1.0.0',
  environment: 'production',
  platform: 'ios',
  app_id: 'com.acme.app',
  tags: { tier: 'pro', ab_test: 'variant_b' },
  user: { id: 'user_a8f2c1' },
  contexts: {
    device: { manufacturer: 'Apple', model: 'iPhone 15 Pro', model_id: 'iPhone16,1' },
    app: { version: '1.0.0', build: '42', bundle_id: 'com.acme.app' },
    os: { name: 'iOS', version: '18.2' },
    expo: { runtime_version: '1.0.0', update_id: 'abc123' },
  },
  mechanism: { type: 'global', handled: false },
  breadcrumbs: [
    { category: 'navigation', message: '/checkout', ts: 1714896000000 },
    {
      category: 'http',
      message: 'GET https://api.example.com/cart',
      ts: 1714896001000,
      data: { status: 200 },
    },
  ],
  screenshot: '/9j/4AAQSkZJRgABA...',
  extra: { cart_id: 42 },
};

/** The docs' curl example. */
const CURL_EXAMPLE = {
  exception_type: 'Error',
  message: 'manual test',
  level: 'info',
  platform: 'ios',
  app_id: 'com.acme.app',
};

/** A tiny real JPEG (SOI, APP0 JFIF, EOI), as react-native-view-shot's data URI would carry. */
const JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** What the React Native SDK 0.9.4 really sends (src/index.ts buildEvent, src/context.ts). */
function sdkPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    os_name: 'Android',
    os_version: '14',
    device_model: 'Pixel 8',
    device_brand: 'google',
    device_manufacturer: 'Google',
    is_device: true,
    app_version: '2.3.0',
    app_build: '230',
    app_id: 'com.acme.app',
    locale: 'fr-FR',
    timezone: 'Europe/Paris',
    ota_update_id: 'upd-1',
    runtime_version: '2.3.0',
    contexts: {
      sdk: { name: '@pionne/react-native', version: '0.9.2' },
      os: { name: 'Android', version: '14' },
      runtime: { name: 'react-native', hermes: true, js_engine: 'hermes' },
      ota: { update_id: 'upd-1', channel: 'production' },
    },
    exception_type: 'TypeError',
    message: "Cannot read property 'total' of undefined",
    stack: [
      "TypeError: Cannot read property 'total' of undefined",
      'at computeTotal (address at index.android.bundle:1:283741)',
      'at onPress (address at index.android.bundle:1:91234)',
      'at forEach (native)',
    ],
    level: 'fatal',
    release: '2.3.0',
    environment: 'production',
    user_id_anon: 'anon-42',
    tags: { 'native.source': 'metrickit', screen: 'Checkout' },
    mechanism: { type: 'onerror', handled: false },
    breadcrumbs: [{ ts: Date.now(), category: 'ui', level: 'info', message: 'tap Pay' }],
    screenshot: `data:image/jpeg;base64,${JPEG.toString('base64')}`,
    ...overrides,
  };
}

describe('mobile crash ingest (POST /api/ingest) over real HTTP', () => {
  let server: TestServer;
  let user: SeedUser;
  let project: MobileProject;
  const ingest = (body: unknown, token = project.token, path = '/api/ingest') =>
    postJson(`${server.url}${path}`, body, { 'x-pionne-token': token });

  before(async () => {
    server = await startServer();
    user = await registerUser(server);
    project = await createMobileProject(user);
  });
  after(async () => server.cleanup());

  test("accepts the docs' example payload and answers 202 with the event's final issue", async () => {
    const res = await ingest(DOCS_EXAMPLE);
    assert.equal(res.status, 202, res.text);
    const { event_id: eventId, issue_id: issueId } = res.json() as { event_id: string; issue_id: string };
    assert.match(eventId, /^[0-9a-f]{32}$/);
    assert.match(issueId, /^\d+$/);

    const stored = await server.waitForEvent(project.id, eventId);
    assert.equal(stored.issueId, Number(issueId));
    assert.equal(stored.title, "TypeError: undefined is not an object (evaluating 'user.name')");
    assert.equal(stored.release, '1.0.0');
    const data = stored.data as {
      user: { id: string };
      tags: [string, string][];
      contexts: Record<string, Record<string, unknown>>;
      breadcrumbs: { values: { category: string; timestamp: number }[] };
      _meta?: Record<string, unknown>;
    };
    assert.equal(data.user.id, 'user_a8f2c1');
    const tags = Object.fromEntries(data.tags);
    assert.equal(tags.tier, 'pro');
    assert.equal(tags['os.name'], 'iOS');
    assert.equal(tags.device, 'iPhone 15 Pro');
    assert.equal(tags['device.platform'], 'ios');
    assert.equal(data.contexts.expo?.update_id, 'abc123');
    assert.deepEqual(
      data.breadcrumbs.values.map((b) => [b.category, b.timestamp]),
      [
        ['navigation', 1714896000],
        ['http', 1714896001],
      ],
    );
    // The docs' screenshot is cut short ("..."): the crash is kept, the screenshot is not.
    assert.ok(data._meta?.screenshot);

    const detail = await eventually(async () => {
      const r = await user.call('GET', `/api/issues/${issueId}`);
      const body = r.json() as { issue: { eventCount: number }; events: unknown[] };
      return r.status === 200 && body.issue.eventCount === 1 ? body : undefined;
    });
    const issue = detail.issue as unknown as Record<string, unknown>;
    assert.equal(issue.id, issueId);
    assert.equal(issue.errorType, 'TypeError');
    assert.equal((detail.events[0] as { id: string }).id, eventId);

    // The same id as the Sentry-compatible API uses.
    const sentry = await user.call('GET', `/api/0/issues/${issueId}/`);
    assert.equal(sentry.status, 200, sentry.text);
    assert.equal(sentry.json().id, issueId);
  });

  test("accepts the docs' curl example on the bare /ingest path", async () => {
    const res = await ingest(CURL_EXAMPLE, project.token, '/ingest');
    assert.equal(res.status, 202, res.text);
    await server.waitForEvent(project.id, String(res.json().event_id));
  });

  test('accepts what the React Native SDK really sends: stack lines, user_id_anon, flat fields, data URI', async () => {
    const first = await ingest(sdkPayload());
    assert.equal(first.status, 202, first.text);
    const eventId = String(first.json().event_id);
    const stored = await server.waitForEvent(project.id, eventId);
    const data = stored.data as {
      user: { id: string };
      level: string;
      tags: [string, string][];
      contexts: Record<string, Record<string, unknown>>;
      exception: { values: { type: string; stacktrace?: { frames: { function: string }[] } }[] };
    };
    assert.equal(data.user.id, 'anon-42');
    assert.equal(data.level, 'fatal');
    const tags = Object.fromEntries(data.tags);
    assert.equal(tags['os.name'], 'Android');
    assert.equal(tags['device.platform'], 'android');
    assert.equal(tags['app.version'], '2.3.0');
    assert.equal(tags['native.source'], 'metrickit');
    assert.equal(data.contexts.device?.model, 'Pixel 8');
    assert.equal(data.contexts.culture?.timezone, 'Europe/Paris');
    const frames = data.exception.values[0]!.stacktrace!.frames.map((f) => f.function);
    assert.deepEqual(frames, ['forEach', 'onPress', 'computeTotal']);

    const attachments = await eventually(async () => {
      const list = await listAttachments(server.storage().db, Number(project.id), eventId);
      return list.length > 0 ? list : undefined;
    });
    assert.equal(attachments[0]!.name, 'screenshot.jpg');
    assert.equal(attachments[0]!.contentType, 'image/jpeg');
    assert.deepEqual(attachments[0]!.data, JPEG);

    // The same crash again, now with `message: null` and raw base64: the same issue.
    const again = await ingest(sdkPayload({ screenshot: JPEG.toString('base64'), user_id_anon: 'anon-43' }));
    assert.equal(again.status, 202, again.text);
    assert.equal(again.json().issue_id, first.json().issue_id);
    const other = await ingest(
      sdkPayload({ exception_type: 'RangeError', message: null, stack: ['RangeError'] }),
    );
    assert.equal(other.status, 202, other.text);
    assert.notEqual(other.json().issue_id, first.json().issue_id);
  });

  test('keeps the last 50 breadcrumbs', async () => {
    const breadcrumbs = Array.from({ length: 60 }, (_, i) => ({
      category: 'custom',
      message: `b${i}`,
      ts: 1714896000000 + i,
    }));
    const res = await ingest({ ...CURL_EXAMPLE, breadcrumbs });
    assert.equal(res.status, 202, res.text);
    const stored = await server.waitForEvent(project.id, String(res.json().event_id));
    const values = (stored.data.breadcrumbs as { values: { message: string }[] }).values;
    assert.equal(values.length, 50);
    assert.equal(values[0]!.message, 'b10');
    assert.equal(values[49]!.message, 'b59');
  });

  test('answers 400 to malformed JSON and to JSON that is not an object', async () => {
    for (const body of ['{"exception_type": "Error",', '[1, 2]', '']) {
      const res = await ingest(body);
      assert.equal(res.status, 400, `${body}: ${res.text}`);
    }
  });

  test('answers 422 naming the failing fields', async () => {
    const res = await ingest({ message: 'x', level: 'critical', tags: { nested: { a: 1 } } });
    assert.equal(res.status, 422, res.text);
    const body = res.json() as { errors: Record<string, string[]>; message: string };
    assert.deepEqual(Object.keys(body.errors).sort(), ['exception_type', 'level', 'tags.nested']);
    assert.ok(body.message);
  });

  test('answers 401 without a token, with an unknown token, and when no ingest header is present', async () => {
    const none = await postJson(`${server.url}/api/ingest`, CURL_EXAMPLE);
    assert.equal(none.status, 401, none.text);
    const unknown = await ingest(CURL_EXAMPLE, `pio_live_${'A'.repeat(48)}`);
    assert.equal(unknown.status, 401, unknown.text);
    const faultlineHeader = await postJson(`${server.url}/api/ingest`, CURL_EXAMPLE, {
      'x-faultline-token': project.token,
    });
    assert.equal(faultlineHeader.status, 202, faultlineHeader.text);
  });

  test('answers 413 to a body over 1 MB', async () => {
    const res = await ingest({ ...CURL_EXAMPLE, extra: { blob: 'x'.repeat(1024 * 1024) } });
    assert.equal(res.status, 413, res.text);
  });

  test('pins the bundle id on the first event, refuses another with 403 and the masked pin, and an empty pin turns it off', async () => {
    const p = await createMobileProject(user, 'pinned-app');
    const send = (appId: string | undefined) =>
      ingest(
        { ...CURL_EXAMPLE, ...(appId === undefined ? { app_id: undefined } : { app_id: appId }) },
        p.token,
      );
    assert.equal((await send('com.acme.app')).status, 202);
    assert.equal((await send('com.acme.app')).status, 202);
    const wrong = await send('com.evil.app');
    assert.equal(wrong.status, 403, wrong.text);
    const body = wrong.json() as { message: string; expected_format: string };
    assert.match(body.message, /bundle\s*id/i);
    assert.equal(body.expected_format, '*om.acme.app');
    assert.equal((await send(undefined)).status, 403);

    const listed = (await user.call('GET', '/api/projects')).json() as {
      data: { id: string; bundle_id: string }[];
    };
    assert.equal(listed.data.find((x) => x.id === p.id)?.bundle_id, 'com.acme.app');

    // Changing a pinned bundle id needs the account's deletion code.
    const noCode = await user.call('PATCH', `/api/projects/${p.id}`, { bundle_id: '' });
    assert.equal(noCode.status, 409, noCode.text);
    assert.equal(noCode.json().detail, 'deletion_code_not_set');
    assert.equal((await user.call('PUT', '/api/account/deletion-code', { code: '4821' })).status, 204);
    const badCode = await user.call('PATCH', `/api/projects/${p.id}`, {
      bundle_id: '',
      deletion_code: '0000',
    });
    assert.equal(badCode.status, 422, badCode.text);
    assert.equal(badCode.json().detail, 'deletion_code_invalid');
    const cleared = await user.call('PATCH', `/api/projects/${p.id}`, {
      bundle_id: '',
      deletion_code: '4821',
    });
    assert.equal(cleared.status, 200, cleared.text);
    assert.equal(cleared.json().bundle_id, '');
    assert.equal((await send('com.evil.app')).status, 202);
    assert.equal((await send(undefined)).status, 202);
  });

  test('a regenerated token works at once and the old one answers 401 at once', async () => {
    const p = await createMobileProject(user, 'rotating-app');
    assert.equal((await ingest(CURL_EXAMPLE, p.token)).status, 202);
    const res = await user.call('POST', `/api/projects/${p.id}/regenerate`);
    assert.equal(res.status, 200, res.text);
    const fresh = String(res.json().token);
    assert.match(fresh, /^pio_live_[0-9A-Za-z]{48}$/);
    assert.equal((await ingest(CURL_EXAMPLE, p.token)).status, 401);
    assert.equal((await ingest(CURL_EXAMPLE, fresh)).status, 202);
    const listed = (await user.call('GET', '/api/projects')).json() as {
      projects: { id: string; token_preview: string }[];
    };
    assert.equal(listed.projects.find((x) => x.id === p.id)?.token_preview, `${fresh.slice(0, 12)}...`);
  });

  test('answers 429 with Retry-After past the per-token limit the project sets', async () => {
    const p = await createMobileProject(user, 'limited-app');
    const patched = await user.call('PATCH', `/api/projects/${p.id}`, { rate_limit_per_minute: 5 });
    assert.equal(patched.status, 200, patched.text);
    // The window is a calendar minute; should the test straddle one, it runs again in the next.
    for (let attempt = 0; ; attempt++) {
      const startMinute = Math.floor(Date.now() / 60_000);
      const statuses: number[] = [];
      let limited: Awaited<ReturnType<typeof ingest>> | undefined;
      for (let i = 0; i < 6; i++) {
        const res = await ingest({ exception_type: 'Error', message: `n${i}` }, p.token);
        statuses.push(res.status);
        if (res.status === 429) limited = res;
      }
      if (Math.floor(Date.now() / 60_000) !== startMinute && attempt === 0) {
        await new Promise((r) => setTimeout(r, 61_000 - (Date.now() % 60_000)));
        continue;
      }
      assert.deepEqual(statuses.slice(-1), [429]);
      assert.ok(Number(limited?.headers['retry-after']) >= 1, JSON.stringify(limited?.headers));
      // Another project's token has its own bucket.
      assert.equal((await ingest(CURL_EXAMPLE)).status, 202);
      break;
    }
  });

  test('stores a profile and answers 202 with its id', async () => {
    const res = await postJson(
      `${server.url}/api/profiles`,
      {
        name: 'CheckoutFlow',
        release: '2.3.0',
        environment: 'production',
        platform: 'react_native',
        route: '/checkout',
        duration_ms: 812,
        samples_count: 2,
        sample_interval_us: 1000,
        samples: { samples: [{ stackFrameId: 1 }, { stackFrameId: 2 }], stackFrames: { 1: { name: 'a' } } },
      },
      { 'x-pionne-token': project.token },
    );
    assert.equal(res.status, 202, res.text);
    assert.equal(typeof res.json().profile_id, 'number');
    assert.equal(await countMobileProfiles(server.storage().db, Number(project.id)), 1);
    const missing = await postJson(
      `${server.url}/profiles`,
      { name: 'x' },
      { 'x-pionne-token': project.token },
    );
    assert.equal(missing.status, 422, missing.text);
  });

  test('answers a browser preflight on the ingest paths with the token headers allowed', async () => {
    const res = await rawRequest(`${server.url}/api/ingest`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-pionne-token',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.match(String(res.headers['access-control-allow-headers']), /x-pionne-token/);
  });
});
