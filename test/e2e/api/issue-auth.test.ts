import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { revokeApiToken } from '../../../src/storage/users.js';
import { apiClient, createApiUser, eventually, sendEvent, type ApiClient } from '../../helpers/api-client.js';
import type { RawResponse } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

const SECRET_TITLE = 'secret-ledger-mismatch';

describe('issue endpoints refuse what the caller may not see or do', { timeout: 90_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let owner: ApiClient;
  let issueId: string;
  let eventId: string;

  before(async () => {
    server = await startServer();
    project = await server.createProject('shop');
    await server.cli(['project', 'create', '--org', 'globex', '--name', 'rival']);
    owner = await createApiUser(server, { org: project.organization, role: 'owner' });
    eventId = await sendEvent(server, project, {
      fingerprint: ['auth'],
      exception: { values: [{ type: 'Error', value: SECRET_TITLE }] },
    });
    issueId = await eventually(async () => {
      const res = await owner.get(`/projects/${project.organization}/${project.slug}/issues/`);
      return (res.json() as unknown as { id: string }[])[0]?.id;
    });
  });
  after(async () => server?.cleanup());

  /** Every issue endpoint, with the method it is called with. */
  const endpoints = (): [string, string][] => {
    const p = `/projects/${project.organization}/${project.slug}`;
    return [
      ['GET', `${p}/issues/`],
      ['GET', `/organizations/${project.organization}/issues/`],
      ['GET', `/issues/${issueId}/`],
      ['GET', `/organizations/${project.organization}/issues/${issueId}/`],
      ['PUT', `/issues/${issueId}/`],
      ['DELETE', `/issues/${issueId}/`],
      ['GET', `/issues/${issueId}/events/`],
      ['GET', `/issues/${issueId}/events/latest/`],
      ['GET', `/issues/${issueId}/tags/`],
      ['GET', `/issues/${issueId}/tags/level/values/`],
      ['GET', `/issues/${issueId}/hashes/`],
      ['GET', `${p}/events/${eventId}/`],
      ['GET', `${p}/stats/`],
      ['PUT', `${p}/issues/?id=${issueId}`],
      ['DELETE', `${p}/issues/?id=${issueId}`],
    ];
  };
  const call = (client: ApiClient, method: string, path: string): Promise<RawResponse> =>
    method === 'GET'
      ? client.get(path)
      : method === 'PUT'
        ? client.put(path, { status: 'resolved' })
        : client.delete(path);

  /** A refusal: the status, a JSON error body, and nothing of the issue in it. */
  const assertRefused = (res: RawResponse, status: number, what: string) => {
    assert.equal(res.status, status, `${what}: ${res.text}`);
    assert.match(String(res.headers['content-type']), /application\/json/, what);
    const body = res.json();
    assert.equal(typeof body.detail, 'string', what);
    assert.ok(!res.text.includes(SECRET_TITLE) && !res.text.includes(eventId), `${what} leaks: ${res.text}`);
  };

  const assertUntouched = async () => {
    const res = await owner.get(`/issues/${issueId}/`);
    assert.equal(res.status, 200);
    assert.equal(res.json().status, 'unresolved');
  };

  test('answers 401 without a token, with a bad token and with a revoked token', async () => {
    const revoked = await createApiUser(server, { org: project.organization, role: 'owner' });
    const storage = server.storage();
    const row = await storage.db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .select(['api_tokens.id', 'api_tokens.user_id'])
      .where('users.email', '=', revoked.email)
      .executeTakeFirstOrThrow();
    assert.equal(await revokeApiToken(storage.db, Number(row.user_id), Number(row.id)), true);

    for (const [name, client] of [
      ['no token', apiClient(server, undefined)],
      ['bad token', apiClient(server, 'flt_not-a-real-token')],
      ['revoked token', revoked],
    ] as const) {
      for (const [method, path] of endpoints())
        assertRefused(await call(client, method, path), 401, `${name} ${method} ${path}`);
    }
    await assertUntouched();
  });

  test('answers 403 to a member whose token lacks the scope', async () => {
    const orgOnly = await createApiUser(server, {
      org: project.organization,
      role: 'owner',
      scopes: ['org:read'],
    });
    for (const [method, path] of endpoints()) {
      const res = await call(orgOnly, method, path);
      assertRefused(res, 403, `org:read ${method} ${path}`);
      assert.match(String(res.json().detail), /missing scope|permission/);
    }
    await assertUntouched();
  });

  test('reading needs event:read, updating event:write, deleting event:admin, stats project:read', async () => {
    const reader = await createApiUser(server, {
      org: project.organization,
      role: 'owner',
      scopes: ['event:read'],
    });
    const p = `/projects/${project.organization}/${project.slug}`;
    assert.equal((await reader.get(`/issues/${issueId}/`)).status, 200);
    assert.equal((await reader.get(`/issues/${issueId}/events/latest/`)).status, 200);
    assertRefused(await reader.put(`/issues/${issueId}/`, { status: 'resolved' }), 403, 'reader PUT');
    assertRefused(
      await reader.put(`${p}/issues/?id=${issueId}`, { status: 'resolved' }),
      403,
      'reader bulk PUT',
    );
    assertRefused(await reader.get(`${p}/stats/`), 403, 'reader stats');

    const statsOnly = await createApiUser(server, {
      org: project.organization,
      role: 'owner',
      scopes: ['project:read'],
    });
    assert.equal((await statsOnly.get(`${p}/stats/`)).status, 200);
    assertRefused(await statsOnly.get(`${p}/issues/`), 403, 'project:read list');

    // A member's role caps the token: `member` has event:write but not event:admin.
    const member = await createApiUser(server, { org: project.organization, role: 'member' });
    assert.equal((await member.put(`/issues/${issueId}/`, { hasSeen: true })).status, 200);
    assertRefused(await member.delete(`/issues/${issueId}/`), 403, 'member DELETE');
    assertRefused(await member.delete(`${p}/issues/?id=${issueId}`), 403, 'member bulk DELETE');
    await assertUntouched();
  });

  test('a token of another organization learns nothing: same answers as for ids and orgs that do not exist', async () => {
    const rival = await createApiUser(server, { org: 'globex', role: 'owner' });
    const unknownIssue = await rival.get('/issues/987654321/');
    assertRefused(unknownIssue, 404, 'unknown issue');
    const unknownOrg = await rival.get('/organizations/no-such-org/issues/');
    assertRefused(unknownOrg, 403, 'unknown org');

    for (const [method, path] of endpoints()) {
      const res = await call(rival, method, path);
      const byId = path.startsWith('/issues/');
      assertRefused(res, byId ? 404 : 403, `other org ${method} ${path}`);
      assert.deepEqual(res.json(), byId ? unknownIssue.json() : unknownOrg.json(), `${method} ${path}`);
    }
    // A superuser, by contrast, reads every organization's issues.
    const superuser = await createApiUser(server, { superuser: true });
    assert.equal((await superuser.get(`/issues/${issueId}/`)).status, 200);
    await assertUntouched();
  });
});
