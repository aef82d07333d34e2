import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually } from '../../helpers/api-client.js';
import { rawRequest } from '../../helpers/envelope.js';
import { createMobileProject, postJson, registerUser, type SeedUser } from '../../helpers/seed-client.js';
import { startServer, type TestServer } from '../../helpers/server.js';

interface SeedProject {
  id: string;
  name: string;
  platform: string | null;
  bundle_id: string | null;
  token_preview: string | null;
  notify_on_first_seen: boolean;
  notify_on_regression: boolean;
  notify_on_threshold: number | null;
  paused_until: string | null;
  events_count_30d: number;
  created_at: string;
  organization: string;
  token?: string;
}

describe('the seed management APIs (/api/projects, /api/apps)', () => {
  let server: TestServer;
  let admin: SeedUser;
  let alice: SeedUser;
  let bob: SeedUser;
  const crash = (token: string, message = 'boom') =>
    postJson(
      `${server.url}/api/ingest`,
      { exception_type: 'Error', message },
      { 'x-faultline-token': token },
    );

  before(async () => {
    server = await startServer();
    admin = await registerUser(server); // the first user: superuser
    alice = await registerUser(server);
    bob = await registerUser(server);
  });
  after(async () => server.cleanup());

  test('creates a project in a personal organization and shows its token once', async () => {
    const res = await alice.call('POST', '/api/projects', {
      name: 'Alice iOS',
      platform: 'ios',
      notify_on_first_seen: false,
      notify_on_threshold: 100,
    });
    assert.equal(res.status, 201, res.text);
    const p = res.json() as unknown as SeedProject;
    assert.match(String(p.token), /^pio_live_[0-9A-Za-z]{48}$/);
    assert.equal(p.bundle_id, null);
    assert.equal(p.platform, 'ios');
    assert.equal(p.notify_on_first_seen, false);
    assert.equal(p.notify_on_regression, true);
    assert.equal(p.notify_on_threshold, 100);
    assert.equal(p.organization, alice.email.split('@')[0]);

    const listed = (await alice.call('GET', '/api/projects')).json() as {
      data: SeedProject[];
      projects: SeedProject[];
    };
    assert.deepEqual(listed.data, listed.projects);
    assert.equal(listed.data.length, 1);
    assert.equal(listed.data[0]!.token, undefined);
    assert.equal(listed.data[0]!.token_preview, `${String(p.token).slice(0, 12)}...`);

    assert.equal((await crash(String(p.token))).status, 202);
    const counted = await eventually(async () => {
      const l = (await alice.call('GET', '/api/projects')).json() as { data: SeedProject[] };
      return l.data[0]!.events_count_30d === 1 ? l : undefined;
    });
    assert.equal(counted.data[0]!.events_count_30d, 1);
  });

  test('keeps each user to their own projects, apps and issues', async () => {
    const p = await createMobileProject(bob, 'bob-app');
    const res = await crash(p.token, 'bob only');
    const issueId = String(res.json().issue_id);
    await eventually(async () =>
      (await bob.call('GET', `/api/issues/${issueId}`)).status === 200 ? true : undefined,
    );

    assert.ok(
      !((await alice.call('GET', '/api/projects')).json() as { data: SeedProject[] }).data.some(
        (x) => x.id === p.id,
      ),
    );
    assert.equal((await alice.call('GET', `/api/issues/${issueId}`)).status, 404);
    assert.equal((await alice.call('PATCH', `/api/projects/${p.id}`, { name: 'mine now' })).status, 404);
    assert.equal((await alice.call('POST', `/api/projects/${p.id}/regenerate`)).status, 404);
    assert.equal((await alice.call('DELETE', `/api/projects/${p.id}/issues/${issueId}`)).status, 404);
    assert.ok(
      !((await alice.call('GET', '/api/issues')).json() as { issues: { id: string }[] }).issues.some(
        (i) => i.id === issueId,
      ),
    );
    // The superuser sees everything.
    assert.equal((await admin.call('GET', `/api/issues/${issueId}`)).status, 200);
    // Without credentials, nothing.
    assert.equal((await rawRequest(`${server.url}/api/projects`, { method: 'GET' })).status, 401);
    assert.equal((await rawRequest(`${server.url}/api/apps`, { method: 'GET' })).status, 401);
  });

  test('answers 422 to a project without a name and to a bad setting', async () => {
    assert.equal((await alice.call('POST', '/api/projects', { platform: 'ios' })).status, 422);
    const [p] = ((await alice.call('GET', '/api/projects')).json() as { data: SeedProject[] }).data;
    assert.equal(
      (await alice.call('PATCH', `/api/projects/${p!.id}`, { notify_on_threshold: 'lots' })).status,
      422,
    );
    assert.equal((await alice.call('PUT', '/api/account/deletion-code', { code: '12' })).status, 422);
  });

  test('changes settings; a paused project refuses ingest with 429 until the pause ends', async () => {
    const p = await createMobileProject(alice, 'pausable');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const res = await alice.call('PATCH', `/api/projects/${p.id}`, {
      name: 'Pausable',
      paused_until: until,
      notify_on_regression: false,
    });
    assert.equal(res.status, 200, res.text);
    const body = res.json() as unknown as SeedProject;
    assert.equal(body.name, 'Pausable');
    assert.equal(body.notify_on_regression, false);
    assert.equal(Date.parse(String(body.paused_until)), Date.parse(until));
    const refused = await crash(p.token);
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 3000);
    assert.equal((await alice.call('PATCH', `/api/projects/${p.id}`, { paused_until: null })).status, 200);
    assert.equal((await crash(p.token)).status, 202);
  });

  test('deletes an issue with its events (GDPR erasure); the next such event opens a new issue', async () => {
    const p = await createMobileProject(alice, 'erasable');
    const first = await crash(p.token, 'erase me');
    const issueId = String(first.json().issue_id);
    await server.waitForEvent(p.id, String(first.json().event_id));
    const feedback = await postJson(
      `${server.url}/api/events/${String(first.json().event_id)}/feedback`,
      { message: 'my data' },
      { 'x-pionne-token': p.token },
    );
    assert.equal(feedback.status, 202);

    const del = await alice.call('DELETE', `/api/projects/${p.id}/issues/${issueId}`);
    assert.equal(del.status, 204, del.text);
    assert.equal((await alice.call('GET', `/api/issues/${issueId}`)).status, 404);
    assert.equal((await alice.call('DELETE', `/api/projects/${p.id}/issues/${issueId}`)).status, 404);
    const feedbackLeft = (
      await alice.call('GET', `/api/0/projects/${p.organization}/${p.slug}/user-feedback/`)
    ).json();
    assert.deepEqual(feedbackLeft, []);

    const again = await crash(p.token, 'erase me');
    assert.equal(again.status, 202);
    assert.notEqual(again.json().issue_id, issueId);
  });

  test('deletes a project only with the deletion code; its token then answers 401', async () => {
    const p = await createMobileProject(bob, 'doomed');
    const noCode = await bob.call('DELETE', `/api/projects/${p.id}`, { deletion_code: '1234' });
    assert.equal(noCode.status, 409, noCode.text);
    assert.equal((await bob.call('PUT', '/api/account/deletion-code', { code: '123456' })).status, 204);
    // Replacing the code needs the current one.
    assert.equal((await bob.call('PUT', '/api/account/deletion-code', { code: '654321' })).status, 422);
    assert.equal(
      (await bob.call('DELETE', `/api/projects/${p.id}`, { deletion_code: '000000' })).status,
      422,
    );
    assert.equal((await bob.call('DELETE', `/api/projects/${p.id}`)).status, 422);
    const done = await bob.call('DELETE', `/api/projects/${p.id}`, { deletion_code: '123456' });
    assert.equal(done.status, 204, done.text);
    assert.equal((await crash(p.token)).status, 401);
    assert.ok(
      !((await bob.call('GET', '/api/projects')).json() as { data: SeedProject[] }).data.some(
        (x) => x.id === p.id,
      ),
    );
  });

  test('throttles repeated wrong deletion codes with 429', async () => {
    const carol = await registerUser(server);
    const p = await createMobileProject(carol, 'guarded');
    assert.equal((await carol.call('PUT', '/api/account/deletion-code', { code: '2468' })).status, 204);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push(
        (await carol.call('DELETE', `/api/projects/${p.id}`, { deletion_code: `99${i}9` })).status,
      );
    assert.deepEqual(statuses, [422, 422, 422, 422, 422, 429]);
    // Even the right code waits out the throttle.
    assert.equal(
      (await carol.call('DELETE', `/api/projects/${p.id}`, { deletion_code: '2468' })).status,
      429,
    );
  });
});
