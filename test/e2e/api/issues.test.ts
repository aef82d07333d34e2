import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  apiClient,
  createApiUser,
  eventually,
  nextCursor,
  sendEvent,
  type ApiClient,
} from '../../helpers/api-client.js';
import { rawRequest } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

interface Issue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  permalink: string;
  level: string;
  status: string;
  substatus: string | null;
  statusDetails: Record<string, unknown>;
  isBookmarked: boolean;
  hasSeen: boolean;
  isPublic: boolean;
  platform: string;
  project: { id: string; slug: string; name: string };
  type: string;
  metadata: Record<string, unknown>;
  numComments: number;
  assignedTo: { type: string; id: string; email: string } | null;
  count: string;
  userCount: number;
  firstSeen: string;
  lastSeen: string;
  firstRelease: { version: string } | null;
  lastRelease: { version: string } | null;
  stats?: Record<string, [number, number][]>;
}

interface EventSummary {
  id: string;
  eventID: string;
  groupID: string;
  title: string;
  dateCreated: string;
  tags: { key: string; value: string }[];
}

interface FullEvent extends EventSummary {
  message: string;
  entries: { type: string; data: Record<string, unknown> }[];
  contexts: Record<string, unknown>;
  user: Record<string, unknown> | null;
  sdk: unknown;
  release: { version: string } | null;
  environment: string | null;
  fingerprints: string[];
  previousEventID: string | null;
  nextEventID: string | null;
  data: Record<string, unknown>;
}

describe('the issues API over real HTTP', { timeout: 120_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let other: ProjectInfo;
  let owner: ApiClient & { email: string; userId: string };
  const base = () => `/projects/${project.organization}/${project.slug}`;

  before(async () => {
    server = await startServer();
    project = await server.createProject('shop');
    other = await server.createProject('other');
    owner = await createApiUser(server, { org: project.organization, role: 'owner' });
  });
  after(async () => server?.cleanup());

  const send = (overrides: Record<string, unknown>) => sendEvent(server, project, overrides);
  const list = async (query: string, extra = '') => {
    const res = await owner.get(`${base()}/issues/?query=${encodeURIComponent(query)}${extra}`);
    assert.equal(res.status, 200, res.text);
    return res.json() as unknown as Issue[];
  };
  const titles = async (query: string) => (await list(query)).map((i) => i.title).sort();
  /** The one issue tagged `case:<name>`, once the digest has counted `count` events on it. */
  const issueOf = (name: string, count = 1) =>
    eventually(async () => {
      const found = await list(`case:${name}`);
      return found.length === 1 && Number(found[0]!.count) >= count ? found[0] : undefined;
    });
  const getIssue = async (id: string) => {
    const res = await owner.get(`/issues/${id}/`);
    assert.equal(res.status, 200, res.text);
    return res.json() as unknown as Issue;
  };
  const errorEvent = (name: string, message: string, extra: Record<string, unknown> = {}) => ({
    fingerprint: [`case-${name}`],
    exception: { values: [{ type: 'TypeError', value: message }] },
    tags: { case: name },
    ...extra,
  });

  test('lists unresolved issues in Sentry group shape with stats, Link and X-Hits', async () => {
    await send(errorEvent('shape', 'shape check failed', { user: { id: 'u-shape' } }));
    const issue = await issueOf('shape');
    assert.match(issue.id, /^\d+$/);
    assert.equal(issue.shortId, `SHOP-${Number(issue.id).toString(36).toUpperCase()}`);
    assert.equal(issue.title, 'TypeError: shape check failed');
    assert.equal(issue.permalink, `${server.url}/organizations/${project.organization}/issues/${issue.id}/`);
    assert.equal(issue.level, 'error');
    assert.equal(issue.status, 'unresolved');
    assert.equal(issue.substatus, 'new');
    assert.deepEqual(issue.statusDetails, {});
    assert.equal(issue.isPublic, false);
    assert.equal(issue.platform, 'node');
    assert.deepEqual(issue.project, { id: project.id, slug: 'shop', name: 'shop', platform: 'node' });
    assert.equal(issue.type, 'error');
    assert.equal(issue.numComments, 0);
    assert.equal(issue.assignedTo, null);
    assert.equal(issue.count, '1');
    assert.equal(issue.userCount, 1);
    assert.ok(!Number.isNaN(Date.parse(issue.firstSeen)));
    assert.equal(issue.firstRelease?.version, 'shop@1.2.3');
    const day = issue.stats?.['24h'];
    assert.equal(day?.length, 24);
    assert.equal(
      day!.reduce((n, [, c]) => n + c, 0),
      1,
    );
    assert.equal(day!.at(-1)![0] % 3600, 0);

    const res = await owner.get(`${base()}/issues/?query=case:shape`);
    assert.equal(res.headers['x-hits'], '1');
    assert.match(String(res.headers.link), /rel="next"; results="false"/);
    const noStats = await list('case:shape', '&statsPeriod=');
    assert.equal(noStats[0]!.stats, undefined);
    const fortnight = await list('case:shape', '&statsPeriod=14d');
    assert.equal(fortnight[0]!.stats?.['14d']?.length, 14);
  });

  describe('search', () => {
    before(async () => {
      await send(
        errorEvent('s-a', 'checkout failed for cart', {
          release: 'shop@1.0.0',
          environment: 'production',
          tags: { case: 's-a', browser: 'Chrome', suite: 'search' },
          user: { id: 'u-1' },
        }),
      );
      await send({
        fingerprint: ['case-s-b'],
        exception: undefined,
        message: 'cache warming slow',
        level: 'warning',
        release: 'shop@1.1.0',
        environment: 'staging',
        tags: { case: 's-b', browser: 'Firefox', suite: 'search' },
        user: { id: 'u-2' },
      });
      await send({
        fingerprint: ['case-s-b'],
        exception: undefined,
        message: 'cache warming slow',
        level: 'warning',
        release: 'shop@1.1.0',
        environment: 'staging',
        tags: { case: 's-b', browser: 'Firefox', suite: 'search' },
        user: { id: 'u-2' },
      });
      for (const id of ['u-9', 'u-10', 'u-11']) {
        await send(
          errorEvent('s-c', 'payment declined', {
            release: 'shop@1.1.0',
            environment: 'production',
            tags: { case: 's-c', browser: 'Chrome', suite: 'search', 'odd key': 'x y' },
            user: { id, email: `${id}@example.com` },
          }),
        );
      }
      await send({
        fingerprint: ['case-s-d'],
        level: 'fatal',
        release: 'shop@1.1.0',
        tags: { case: 's-d', suite: 'search' },
        user: undefined,
      });
      await issueOf('s-b', 2);
      await issueOf('s-c', 3);
      await issueOf('s-a');
      await issueOf('s-d');
    });

    const A = 'TypeError: checkout failed for cart';
    const B = 'cache warming slow';
    const C = 'TypeError: payment declined';
    const D = "TypeError: Cannot read properties of undefined (reading 'total')";
    const cases: [string, string[]][] = [
      ['suite:search', [A, B, C, D]],
      ['suite:search level:error', [A, C]],
      ['suite:search level:[warning, fatal]', [B, D]],
      ['suite:search !level:error', [B, D]],
      ['suite:search environment:staging', [B]],
      ['suite:search !environment:staging', [A, C, D]],
      ['suite:search browser:Chrome', [A, C]],
      ['suite:search browser:[Firefox, Safari]', [B]],
      ['suite:search !browser:Chrome', [B, D]],
      ['suite:search release:shop@1.0.0', [A]],
      ['suite:search firstRelease:shop@1.1.0', [B, C, D]],
      ['suite:search !firstRelease:shop@1.1.0', [A]],
      ['suite:search user.id:u-1', [A]],
      ['suite:search user.email:u-10@example.com', [C]],
      ['suite:search has:browser', [A, B, C]],
      ['suite:search !has:browser', [D]],
      ['suite:search !has:user', [D]],
      ['suite:search tags[odd key]:"x y"', [C]],
      ['suite:search times_seen:>2', [C]],
      ['suite:search times_seen:2', [B]],
      ['suite:search age:-1h', [A, B, C, D]],
      ['suite:search age:+1d', []],
      ['suite:search lastSeen:-1h', [A, B, C, D]],
      ['suite:search lastSeen:+1h', []],
      // D's culprit names its `checkout` module.
      ['suite:search checkout', [A, D]],
      ['suite:search CHECKOUT FAILED', [A]],
      ['suite:search "warming slow"', [B]],
      ['suite:search is:unresolved level:error browser:Chrome payment', [C]],
      ['suite:search is:resolved', []],
      ['suite:search is:unassigned', [A, B, C, D]],
      ['suite:search is:assigned', []],
    ];
    for (const [query, want] of cases) {
      test(`finds ${JSON.stringify(query)}`, async () => {
        assert.deepEqual(await titles(query), [...want].sort());
      });
    }

    test('matches free text in the culprit too', async () => {
      const d = (await list('case:s-d'))[0]!;
      assert.match(d.culprit, /computeTotal/);
      assert.deepEqual(await titles('suite:search computetotal'), [D]);
    });

    test('filters by the environment parameter as Sentry does', async () => {
      const res = await owner.get(`${base()}/issues/?query=suite:search&environment=staging`);
      assert.deepEqual(
        (res.json() as unknown as Issue[]).map((i) => i.title),
        [B],
      );
    });

    test('answers 400 with a clear message to bad search syntax', async () => {
      for (const [query, detail] of [
        ['release:', /"release:" needs a value/],
        ['is:sleeping', /unknown value "is:sleeping"/],
        ['route:"open', /unterminated quote/],
        ['times_seen:lots', /expects a number/],
      ] as const) {
        const res = await owner.get(`${base()}/issues/?query=${encodeURIComponent(query)}`);
        assert.equal(res.status, 400, query);
        assert.match(String(res.json().detail), detail);
      }
      const badSort = await owner.get(`${base()}/issues/?sort=priority`);
      assert.equal(badSort.status, 400);
      assert.match(badSort.text, /sort must be one of date, new, freq, user/);
    });

    test('sorts by last seen, first seen, events and users', async () => {
      const order = async (sort: string) => (await list('suite:search', `&sort=${sort}`)).map((i) => i.title);
      // Created A, B, C, D in that order: first seen newest first.
      assert.deepEqual(await order('new'), [D, C, B, A]);
      assert.deepEqual((await order('freq')).slice(0, 2), [C, B]);
      assert.equal((await order('user'))[0], C);
      await send(errorEvent('s-a', 'checkout failed for cart', { tags: { case: 's-a', suite: 'search' } }));
      await issueOf('s-a', 2);
      assert.equal((await order('date'))[0], A);
    });
  });

  test('resolving in a release: an older release stays resolved, a newer one regresses', async () => {
    await send(errorEvent('regress', 'stock mismatch', { release: 'shop@2.0.0' }));
    const issue = await issueOf('regress');
    const res = await owner.put(`/issues/${issue.id}/`, {
      status: 'resolved',
      statusDetails: { inRelease: 'shop@2.0.0' },
    });
    assert.equal(res.status, 200, res.text);
    const resolved = res.json() as unknown as Issue;
    assert.equal(resolved.status, 'resolved');
    assert.equal(resolved.substatus, null);
    assert.deepEqual(resolved.statusDetails, { inRelease: 'shop@2.0.0' });
    assert.deepEqual(await titles('case:regress is:unresolved'), []);
    assert.deepEqual(await titles('case:regress is:resolved'), ['TypeError: stock mismatch']);

    await send(errorEvent('regress', 'stock mismatch', { release: 'shop@1.9.0' }));
    const afterOld = await eventually(async () => {
      const i = await getIssue(issue.id);
      return i.count === '2' ? i : undefined;
    });
    assert.equal(afterOld.status, 'resolved');

    await send(errorEvent('regress', 'stock mismatch', { release: 'shop@2.1.0' }));
    const afterNew = await eventually(async () => {
      const i = await getIssue(issue.id);
      return i.count === '3' ? i : undefined;
    });
    assert.equal(afterNew.status, 'unresolved');
    assert.equal(afterNew.substatus, 'regressed');
    assert.deepEqual(afterNew.statusDetails, {});
    assert.deepEqual(await titles('case:regress is:regressed'), ['TypeError: stock mismatch']);
  });

  test('resolving in the next release records the newest release as the current one', async () => {
    await send(errorEvent('next', 'next release bug', { release: 'shop@9.0.0' }));
    const issue = await issueOf('next');
    const res = await owner.put(`/issues/${issue.id}/`, { status: 'resolvedInNextRelease' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual((res.json() as unknown as Issue).statusDetails, { inNextRelease: true });
    await send(errorEvent('next', 'next release bug', { release: 'shop@9.0.0' }));
    assert.equal(
      (
        await eventually(async () => {
          const i = await getIssue(issue.id);
          return i.count === '2' ? i : undefined;
        })
      ).status,
      'resolved',
    );
    await send(errorEvent('next', 'next release bug', { release: 'shop@9.0.1' }));
    const regressed = await eventually(async () => {
      const i = await getIssue(issue.id);
      return i.count === '3' ? i : undefined;
    });
    assert.equal(regressed.status, 'unresolved');
    assert.equal(regressed.substatus, 'regressed');
  });

  test('ignoring until N more events reopens the issue at the Nth', async () => {
    await send(errorEvent('ignore', 'flaky network'));
    const issue = await issueOf('ignore');
    const res = await owner.put(`/issues/${issue.id}/`, {
      status: 'ignored',
      statusDetails: { ignoreCount: 2 },
    });
    assert.equal(res.status, 200, res.text);
    const ignored = res.json() as unknown as Issue;
    assert.equal(ignored.status, 'ignored');
    assert.equal(ignored.substatus, 'archived_until_condition_met');
    assert.deepEqual(ignored.statusDetails, { ignoreCount: 2 });
    assert.deepEqual(await titles('case:ignore is:ignored'), ['TypeError: flaky network']);

    await send(errorEvent('ignore', 'flaky network'));
    const once = await eventually(async () => {
      const i = await getIssue(issue.id);
      return i.count === '2' ? i : undefined;
    });
    assert.equal(once.status, 'ignored');
    await send(errorEvent('ignore', 'flaky network'));
    const twice = await eventually(async () => {
      const i = await getIssue(issue.id);
      return i.count === '3' ? i : undefined;
    });
    assert.equal(twice.status, 'unresolved');
    assert.equal(twice.substatus, 'escalating');
  });

  test('ignoring for a duration shows when the ignore ends; reopening clears it', async () => {
    await send(errorEvent('snooze', 'noisy warning'));
    const issue = await issueOf('snooze');
    const res = await owner.put(`/issues/${issue.id}/`, {
      status: 'ignored',
      statusDetails: { ignoreDuration: 60 },
    });
    const details = (res.json() as unknown as Issue).statusDetails;
    assert.equal(details.ignoreDuration, 60);
    const until = Date.parse(String(details.ignoreUntil));
    assert.ok(Math.abs(until - (Date.now() + 3_600_000)) < 60_000, String(details.ignoreUntil));
    const reopened = await owner.put(`/issues/${issue.id}/`, { status: 'unresolved' });
    assert.equal((reopened.json() as unknown as Issue).status, 'unresolved');
    assert.deepEqual((reopened.json() as unknown as Issue).statusDetails, {});
  });

  test('bookmarks, marks seen and assigns to members only', async () => {
    await send(errorEvent('flags', 'flag me'));
    const issue = await issueOf('flags');
    const res = await owner.put(`/issues/${issue.id}/`, {
      isBookmarked: true,
      hasSeen: true,
      assignedTo: owner.email,
    });
    assert.equal(res.status, 200, res.text);
    const flagged = res.json() as unknown as Issue;
    assert.equal(flagged.isBookmarked, true);
    assert.equal(flagged.hasSeen, true);
    assert.deepEqual(flagged.assignedTo, {
      type: 'user',
      id: owner.userId,
      name: owner.email,
      email: owner.email,
    });
    assert.deepEqual(await titles('case:flags is:bookmarked is:assigned'), ['TypeError: flag me']);

    const outsider = await createApiUser(server, {});
    const refused = await owner.put(`/issues/${issue.id}/`, { assignedTo: outsider.email });
    assert.equal(refused.status, 400);
    assert.match(String(refused.json().detail), /not a member/);

    const cleared = await owner.put(`/issues/${issue.id}/`, { assignedTo: null, isBookmarked: false });
    assert.equal((cleared.json() as unknown as Issue).assignedTo, null);
    assert.deepEqual(await titles('case:flags is:unassigned !is:bookmarked'), ['TypeError: flag me']);

    const invalid = await owner.put(`/issues/${issue.id}/`, { status: 'sleeping' });
    assert.equal(invalid.status, 400);
    assert.match(invalid.text, /status must be resolved, resolvedInNextRelease, unresolved or ignored/);
  });

  test('merges issues: the one with most events keeps the others, and their future events', async () => {
    await send(errorEvent('merge-1', 'merge one'));
    await send(errorEvent('merge-1', 'merge one'));
    await send(errorEvent('merge-2', 'merge two', { user: { id: 'u-other' } }));
    const one = await issueOf('merge-1', 2);
    const two = await issueOf('merge-2');
    const res = await owner.put(`${base()}/issues/?id=${two.id}&id=${one.id}`, { merge: 1 });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { merge: { parent: one.id, children: [two.id] } });

    const parent = await getIssue(one.id);
    assert.equal(parent.count, '3');
    assert.equal(parent.userCount, 2);
    // The merged id now names the issue it was merged into.
    assert.equal((await getIssue(two.id)).id, one.id);
    assert.deepEqual(
      (await list('case:merge-2')).map((i) => i.id),
      [one.id],
    );

    await send(errorEvent('merge-2', 'merge two'));
    await eventually(async () => ((await getIssue(one.id)).count === '4' ? true : undefined));
    const hashes = await owner.get(`/issues/${one.id}/hashes/`);
    const hashList = hashes.json() as unknown as { id: string; latestEvent: { eventID: string } | null }[];
    assert.equal(hashList.length, 2);
    assert.ok(hashList.every((h) => /^[0-9a-f]{32}$/.test(h.id) && h.latestEvent !== null));

    const single = await owner.put(`${base()}/issues/?id=${one.id}`, { merge: 1 });
    assert.equal(single.status, 400);
  });

  test('bulk-updates by id and by query, and ignores ids of other projects', async () => {
    await send(errorEvent('bulk-1', 'bulk one', { environment: 'bulk-env' }));
    await send(errorEvent('bulk-2', 'bulk two', { environment: 'bulk-env' }));
    await sendEvent(server, other, errorEvent('bulk-x', 'other project'));
    const b1 = await issueOf('bulk-1');
    const b2 = await issueOf('bulk-2');

    const res = await owner.put(`${base()}/issues/?id=${b1.id}&id=${b2.id}`, { status: 'resolved' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.json(), { status: 'resolved', substatus: null, statusDetails: {} });
    assert.equal((await getIssue(b1.id)).status, 'resolved');
    assert.equal((await getIssue(b2.id)).status, 'resolved');

    const otherIssue = await eventually(async () => {
      const r = await owner.get(`/projects/${other.organization}/${other.slug}/issues/?query=case:bulk-x`);
      return (r.json() as unknown as Issue[])[0];
    });
    const foreign = await owner.put(`${base()}/issues/?id=${otherIssue.id}`, { status: 'resolved' });
    assert.equal(foreign.status, 204);
    assert.equal((await getIssue(otherIssue.id)).status, 'unresolved');

    const byQuery = await owner.put(
      `${base()}/issues/?query=${encodeURIComponent('environment:bulk-env is:resolved')}`,
      { status: 'ignored' },
    );
    assert.equal(byQuery.status, 200, byQuery.text);
    assert.equal((await getIssue(b1.id)).status, 'ignored');
    assert.equal((await getIssue(b2.id)).status, 'ignored');

    const noIds = await owner.put(`${base()}/issues/`, { isBookmarked: true });
    assert.equal(noIds.status, 400);
    assert.match(String(noIds.json().detail), /need the issues in \?id=/);
  });

  test('deletes issues with their events, singly and in bulk; their fingerprint starts afresh', async () => {
    const eventId = await send(errorEvent('del-1', 'delete me'));
    await send(errorEvent('del-2', 'delete me too'));
    await send(errorEvent('del-3', 'delete me three'));
    const d1 = await issueOf('del-1');
    const d2 = await issueOf('del-2');
    const d3 = await issueOf('del-3');

    const single = await owner.delete(`/issues/${d1.id}/`);
    assert.equal(single.status, 202);
    assert.equal((await owner.get(`/issues/${d1.id}/`)).status, 404);
    assert.equal((await owner.get(`${base()}/events/${eventId}/`)).status, 404);

    const bulk = await owner.delete(`${base()}/issues/?id=${d2.id}&id=${d3.id}`);
    assert.equal(bulk.status, 204);
    assert.equal((await owner.get(`/issues/${d2.id}/`)).status, 404);
    assert.equal((await owner.get(`/issues/${d3.id}/`)).status, 404);

    await send(errorEvent('del-1', 'delete me'));
    const fresh = await issueOf('del-1');
    assert.notEqual(fresh.id, d1.id);
    assert.equal(fresh.count, '1');
  });

  describe('events', () => {
    let issue: Issue;
    const ids: string[] = [];
    before(async () => {
      for (let i = 0; i < 3; i++) {
        ids.push(
          await send(
            errorEvent('events', 'event list', {
              timestamp: Date.now() / 1000 - 60 + i,
              request: {
                url: 'https://shop.example.com/cart?step=2',
                method: 'POST',
                headers: { 'Content-Type': 'application/json', 'User-Agent': 'test' },
              },
              breadcrumbs: [{ category: 'ui.click', message: `click ${i}` }],
              contexts: { os: { name: 'Linux' } },
              user: { id: `u-${i}` },
            }),
          ),
        );
      }
      issue = await issueOf('events', 3);
    });

    test('lists an issue events newest first, paginated without overlap', async () => {
      const first = await owner.get(`/issues/${issue.id}/events/?per_page=2`);
      assert.equal(first.status, 200, first.text);
      const page1 = first.json() as unknown as EventSummary[];
      assert.deepEqual(
        page1.map((e) => e.eventID),
        [ids[2], ids[1]],
      );
      assert.equal(page1[0]!.groupID, issue.id);
      assert.ok(page1[0]!.tags.some((t) => t.key === 'environment' && t.value === 'production'));
      const cursor = nextCursor(first);
      assert.ok(cursor);
      const second = await owner.get(`/issues/${issue.id}/events/?per_page=2&cursor=${cursor}`);
      assert.deepEqual(
        (second.json() as unknown as EventSummary[]).map((e) => e.eventID),
        [ids[0]],
      );
      assert.equal(nextCursor(second), undefined);
      const full = await owner.get(`/issues/${issue.id}/events/?full=true&per_page=1`);
      assert.ok(Array.isArray((full.json() as unknown as FullEvent[])[0]!.entries));
    });

    test('retrieves latest, oldest, recommended and by id, with neighbours', async () => {
      const get = async (ref: string) => {
        const res = await owner.get(`/issues/${issue.id}/events/${ref}/`);
        assert.equal(res.status, 200, res.text);
        return res.json() as unknown as FullEvent;
      };
      const latest = await get('latest');
      assert.equal(latest.eventID, ids[2]);
      assert.equal(latest.previousEventID, ids[1]);
      assert.equal(latest.nextEventID, null);
      assert.equal((await get('recommended')).eventID, ids[2]);
      const oldest = await get('oldest');
      assert.equal(oldest.eventID, ids[0]);
      assert.equal(oldest.previousEventID, null);
      assert.equal(oldest.nextEventID, ids[1]);
      const middle = await get(ids[1]!);
      assert.deepEqual([middle.previousEventID, middle.nextEventID], [ids[0], ids[2]]);

      assert.equal(latest.groupID, issue.id);
      assert.equal(latest.title, 'TypeError: event list');
      assert.equal(latest.release?.version, 'shop@1.2.3');
      assert.equal(latest.environment, 'production');
      assert.deepEqual(latest.contexts, { os: { name: 'Linux' } });
      assert.equal(latest.user?.id, 'u-2');
      assert.equal(latest.fingerprints.length, 1);
      const types = latest.entries.map((e) => e.type);
      assert.deepEqual(types, ['exception', 'breadcrumbs', 'request']);
      const request = latest.entries.find((e) => e.type === 'request')!.data;
      assert.equal(request.url, 'https://shop.example.com/cart?step=2');
      assert.equal(request.inferredContentType, 'application/json');
      const tags = new Map(latest.tags.map((t) => [t.key, t.value]));
      assert.equal(tags.get('level'), 'error');
      assert.equal(tags.get('release'), 'shop@1.2.3');
      assert.equal(tags.get('user'), 'id:u-2');
      assert.equal(tags.get('case'), 'events');
      assert.equal((latest.data as { event_id: string }).event_id, ids[2]);

      const byProject = await owner.get(`${base()}/events/${ids[1]}/`);
      assert.equal(byProject.status, 200);
      assert.equal((byProject.json() as unknown as FullEvent).groupID, issue.id);
      assert.equal((await owner.get(`/issues/${issue.id}/events/${'0'.repeat(32)}/`)).status, 404);
      assert.equal((await owner.get(`/issues/${issue.id}/events/nope/`)).status, 400);
    });

    test('shows a message event with its message entry', async () => {
      await send({
        fingerprint: ['case-msg'],
        exception: undefined,
        message: 'plain message',
        tags: { case: 'msg' },
      });
      const msg = await issueOf('msg');
      const e = (await owner.get(`/issues/${msg.id}/events/latest/`)).json() as unknown as FullEvent;
      assert.equal(e.message, 'plain message');
      assert.equal(e.entries[0]!.type, 'message');
      assert.equal(e.entries[0]!.data.formatted, 'plain message');
    });

    test('refuses to change or delete an event with 405 and a JSON body', async () => {
      for (const [method, path] of [
        ['PUT', `/issues/${issue.id}/events/${ids[0]}/`],
        ['DELETE', `/issues/${issue.id}/events/${ids[0]}/`],
        ['DELETE', `${base()}/events/${ids[0]}/`],
        ['PATCH', `${base()}/events/${ids[0]}/`],
      ] as const) {
        const withBody = method !== 'DELETE';
        const res = await rawRequest(`${server.url}/api/0${path}`, {
          method,
          headers: {
            authorization: `Bearer ${owner.token}`,
            ...(withBody ? { 'content-type': 'application/json' } : {}),
          },
          ...(withBody ? { body: '{}' } : {}),
        });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.match(String(res.json().detail), /events are immutable/);
        assert.match(String(res.headers.allow), /GET/);
      }
      assert.equal((await owner.get(`${base()}/events/${ids[0]}/`)).status, 200);
    });

    test('counts tag values of the issue', async () => {
      const tags = (await owner.get(`/issues/${issue.id}/tags/`)).json() as unknown as {
        key: string;
        name: string;
        totalValues: number;
        uniqueValues: number;
        topValues: { value: string; count: number }[];
      }[];
      const user = tags.find((t) => t.key === 'user');
      assert.equal(user?.totalValues, 3);
      assert.equal(user?.uniqueValues, 3);
      const level = tags.find((t) => t.key === 'level');
      assert.deepEqual(
        level?.topValues.map((v) => [v.value, v.count]),
        [['error', 3]],
      );
      assert.ok(tags.some((t) => t.key === 'environment'));

      const one = await owner.get(`/issues/${issue.id}/tags/environment/`);
      assert.equal(one.status, 200);
      assert.deepEqual(
        { ...(one.json() as Record<string, unknown>), topValues: undefined },
        { key: 'environment', name: 'Environment', uniqueValues: 1, totalValues: 3, topValues: undefined },
      );
      const values = await owner.get(`/issues/${issue.id}/tags/user/values/?sort=-count`);
      const list = values.json() as unknown as {
        key: string;
        value: string;
        count: number;
        lastSeen: string;
      }[];
      assert.deepEqual(list.map((v) => v.value).sort(), ['id:u-0', 'id:u-1', 'id:u-2']);
      assert.ok(
        list.every((v) => v.key === 'user' && v.count === 1 && !Number.isNaN(Date.parse(v.lastSeen))),
      );
      assert.equal((await owner.get(`/issues/${issue.id}/tags/nope/`)).status, 404);
    });
  });

  test('answers project stats as [timestamp, count] pairs', async () => {
    const res = await owner.get(`${base()}/stats/?stat=received&resolution=1h`);
    assert.equal(res.status, 200, res.text);
    const series = res.json() as unknown as [number, number][];
    assert.equal(series.length, 25);
    assert.ok(series.every(([t]) => t % 3600 === 0));
    assert.ok(series.reduce((n, [, c]) => n + c, 0) > 10);
    const now = Math.floor(Date.now() / 1000);
    const daily = (
      await owner.get(`${base()}/stats/?resolution=1d&since=${now - 3 * 86400}&until=${now}`)
    ).json() as unknown as [number, number][];
    assert.equal(daily.length, 4);
    assert.equal((await owner.get(`${base()}/stats/?resolution=5m`)).status, 400);
    assert.equal((await owner.get(`${base()}/stats/?resolution=10s&since=0`)).status, 400);
  });

  test('lists an organization issues across projects or for chosen projects, and finds short ids', async () => {
    const all = (
      await owner.get(`/organizations/${project.organization}/issues/?query=`)
    ).json() as unknown as Issue[];
    assert.ok(all.some((i) => i.project.slug === 'other') && all.some((i) => i.project.slug === 'shop'));
    const one = (
      await owner.get(`/organizations/${project.organization}/issues/?query=&project=${other.id}`)
    ).json() as unknown as Issue[];
    assert.ok(one.length > 0 && one.every((i) => i.project.slug === 'other'));
    const unknownProject = await owner.get(`/organizations/${project.organization}/issues/?project=999999`);
    assert.equal(unknownProject.status, 403);

    const shape = await issueOf('shape');
    const byShortId = await owner.get(`/organizations/${project.organization}/issues/${shape.shortId}/`);
    assert.equal(byShortId.status, 200);
    assert.equal((byShortId.json() as unknown as Issue).id, shape.id);
    const detail = (await owner.get(`/issues/${shape.id}/`)).json() as unknown as Issue;
    assert.equal(detail.stats?.['24h']?.length, 24);
    assert.equal(detail.stats?.['30d']?.length, 30);
  });

  test('walks every page of a list with cursors, forwards and back', async () => {
    const walked: string[] = [];
    let cursor: string | undefined = '';
    let pages = 0;
    while (cursor !== undefined) {
      const res = await owner.get(`${base()}/issues/?query=&sort=new&per_page=3&cursor=${cursor}`);
      assert.equal(res.status, 200, res.text);
      walked.push(...(res.json() as unknown as Issue[]).map((i) => i.id));
      cursor = nextCursor(res);
      pages++;
    }
    const hits = Number((await owner.get(`${base()}/issues/?query=`)).headers['x-hits']);
    assert.equal(walked.length, hits);
    assert.equal(new Set(walked).size, hits);
    assert.ok(pages > 2);

    const page1 = await owner.get(`${base()}/issues/?query=&sort=new&per_page=3`);
    const page2 = await owner.get(`${base()}/issues/?query=&sort=new&per_page=3&cursor=${nextCursor(page1)}`);
    const prev = /rel="previous"; results="true"; cursor="([^"]+)"/.exec(String(page2.headers.link))?.[1];
    assert.ok(prev);
    const back = await owner.get(`${base()}/issues/?query=&sort=new&per_page=3&cursor=${prev}`);
    assert.deepEqual(
      (back.json() as unknown as Issue[]).map((i) => i.id),
      (page1.json() as unknown as Issue[]).map((i) => i.id),
    );
  });

  test('an anonymous client gets 401 from every issue endpoint', async () => {
    const anon = apiClient(server, undefined);
    const res = await anon.get(`${base()}/issues/`);
    assert.equal(res.status, 401);
    assert.equal(typeof res.json().detail, 'string');
  });
});
