import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { serializeEnvelope } from '../../../src/protocol/envelope.js';
import { eventually } from '../../helpers/api-client.js';
import { rawRequest } from '../../helpers/envelope.js';
import {
  createMobileProject,
  inParallel,
  postJson,
  registerUser,
  type MobileProject,
  type SeedUser,
} from '../../helpers/seed-client.js';
import { startServer, type TestServer } from '../../helpers/server.js';

interface ReleaseRow {
  release: string | null;
  sessions: { total: number; healthy: number; errored: number; abnormal: number; crashed: number };
  users: { total: number; crashed: number };
  crashFreeSessions: number | null;
  crashFreeUsers: number | null;
  band: string | null;
}
interface Summary {
  releases: ReleaseRow[];
  total: ReleaseRow;
}

/** mulberry32: a small seeded PRNG, so the generated set is the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('release-health sessions (POST /api/sessions and Sentry session items)', () => {
  let server: TestServer;
  let user: SeedUser;
  let project: MobileProject;
  const post = (body: unknown, token = project.token) =>
    postJson(`${server.url}/api/sessions`, body, { 'x-pionne-token': token });
  const summary = async (p: MobileProject = project): Promise<Summary> => {
    const res = await user.call('GET', `/api/sessions/summary?project=${p.id}`);
    assert.equal(res.status, 200, res.text);
    return res.json() as unknown as Summary;
  };

  before(async () => {
    server = await startServer();
    user = await registerUser(server);
    project = await createMobileProject(user, 'health-app');
  });
  after(async () => server.cleanup());

  test("ok, then crashed, then ok leaves the session crashed, with the first report's release", async () => {
    const p = await createMobileProject(user, 'one-session');
    const id = randomUUID();
    const first = await post(
      {
        session_id: id,
        status: 'ok',
        release: '1.0.0',
        environment: 'production',
        os_name: 'iOS',
        user_id_anon: 'u1',
      },
      p.token,
    );
    assert.equal(first.status, 202, first.text);
    assert.deepEqual(first.json(), { ok: true, session_id: id });
    assert.equal(
      (await post({ session_id: id, status: 'crashed', duration_ms: 5000, release: '9.9.9' }, p.token))
        .status,
      202,
    );
    assert.equal((await post({ session_id: id, status: 'ok' }, p.token)).status, 202);

    const s = await eventually(async () => {
      const r = await summary(p);
      return r.total.sessions.crashed === 1 ? r : undefined;
    });
    // Wait for the last report too: it must not have demoted the session.
    await new Promise((r) => setTimeout(r, 300));
    const after = await summary(p);
    assert.deepEqual(after.total.sessions, { total: 1, healthy: 0, errored: 0, abnormal: 0, crashed: 1 });
    assert.deepEqual(
      s.releases.map((r) => r.release),
      ['1.0.0'],
    );
    assert.equal(after.total.crashFreeUsers, 0);
  });

  test('answers 422 to an unknown status, a session id that is not a UUID v4, and nulls', async () => {
    const bad = [
      { session_id: randomUUID(), status: 'dead' },
      { session_id: 'not-a-uuid', status: 'ok' },
      { session_id: '5e79e1f1-cabb-1f83-bfb2-138dda12f65b', status: 'ok' },
      { session_id: randomUUID(), status: 'ok', release: null },
    ];
    for (const body of bad) {
      const res = await post(body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
    }
    assert.equal((await post({ session_id: randomUUID(), status: 'ok' }, 'pio_live_nope')).status, 401);
  });

  test('crash-free users and sessions over 1,000 generated sessions match a hand count', async () => {
    const patched = await user.call('PATCH', `/api/projects/${project.id}`, {
      rate_limit_per_minute: 100_000,
    });
    assert.equal(patched.status, 200, patched.text);
    const random = prng(20260505);
    const releases = ['3.0.0', '3.1.0', '3.2.0'];
    const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
    const finals: [string, number][] = [
      ['ok', 0.55],
      ['exited', 0.2],
      ['errored', 0.1],
      ['abnormal', 0.05],
      ['crashed', 0.1],
    ];
    const sessions = Array.from({ length: 1000 }, () => {
      let r = random();
      const final = finals.find(([, w]) => (r -= w) < 0)?.[0] ?? 'crashed';
      return {
        id: randomUUID(),
        release: pick(releases),
        user: random() < 0.1 ? undefined : `user-${Math.floor(random() * 240)}`,
        final,
        // Some SDKs report once more after the end (an `ok` from a late retry): it must not count.
        lateOk: random() < 0.15,
      };
    });

    // The hand count.
    const expected = new Map<
      string,
      { total: number; crashed: number; users: Set<string>; crashedUsers: Set<string> }
    >();
    for (const s of sessions) {
      const e = expected.get(s.release) ?? {
        total: 0,
        crashed: 0,
        users: new Set(),
        crashedUsers: new Set(),
      };
      e.total++;
      if (s.final === 'crashed') e.crashed++;
      if (s.user) {
        e.users.add(s.user);
        if (s.final === 'crashed') e.crashedUsers.add(s.user);
      }
      expected.set(s.release, e);
    }

    await inParallel(sessions, 16, async (s) => {
      const base = {
        session_id: s.id,
        release: s.release,
        environment: 'production',
        ...(s.user ? { user_id_anon: s.user } : {}),
      };
      const reports = ['ok', ...(s.final === 'ok' ? [] : [s.final]), ...(s.lateOk ? ['ok'] : [])];
      for (const status of reports) {
        const res = await post({ ...base, status });
        assert.equal(res.status, 202, res.text);
      }
    });

    const wantCrashed = sessions.filter((s) => s.final === 'crashed').length;
    const got = await eventually(async () => {
      const r = await summary();
      return r.total.sessions.total === 1000 && r.total.sessions.crashed === wantCrashed ? r : undefined;
    }, 60_000);
    await new Promise((r) => setTimeout(r, 500));
    const settled = await summary();
    assert.deepEqual(settled.total.sessions, got.total.sessions);

    assert.equal(settled.releases.length, 3);
    for (const row of settled.releases) {
      const e = expected.get(String(row.release))!;
      assert.equal(row.sessions.total, e.total, `sessions of ${row.release}`);
      assert.equal(row.sessions.crashed, e.crashed, `crashed sessions of ${row.release}`);
      assert.equal(row.users.total, e.users.size, `users of ${row.release}`);
      assert.equal(row.users.crashed, e.crashedUsers.size, `crashed users of ${row.release}`);
      const handUsers = ((e.users.size - e.crashedUsers.size) / e.users.size) * 100;
      const handSessions = ((e.total - e.crashed) / e.total) * 100;
      assert.ok(Math.abs(row.crashFreeUsers! - handUsers) < 0.001, `${row.crashFreeUsers} vs ${handUsers}`);
      assert.ok(
        Math.abs(row.crashFreeSessions! - handSessions) < 0.001,
        `${row.crashFreeSessions} vs ${handSessions}`,
      );
      const band = handUsers >= 99 ? 'green' : handUsers >= 95 ? 'yellow' : 'red';
      assert.equal(row.band, band);
    }
    const allUsers = new Set(sessions.flatMap((s) => (s.user ? [s.user] : [])));
    assert.equal(settled.total.users.total, allUsers.size);
    assert.equal(settled.total.sessions.errored, sessions.filter((s) => s.final === 'errored').length);
    assert.equal(settled.total.sessions.abnormal, sessions.filter((s) => s.final === 'abnormal').length);
  });

  test("folds Sentry's session and sessions envelope items into the same store", async () => {
    const sentry = await server.createProject('sentry-app', 'javascript');
    const send = async (items: { type: string; payload: unknown }[]) => {
      const body = serializeEnvelope({
        headers: { sent_at: new Date().toISOString() },
        items: items.map((i) => ({ headers: { type: i.type }, payload: JSON.stringify(i.payload) })),
      });
      const res = await rawRequest(
        `${server.url}/api/${sentry.id}/envelope/?sentry_key=${sentry.publicKey}&sentry_version=7`,
        {
          body,
        },
      );
      assert.equal(res.status, 200, res.text);
    };
    const now = new Date().toISOString();
    const sid = randomUUID().replace(/-/g, '');
    // As @sentry/node sends them (../shared/reference/captures/sentry-node-envelope-3-session.txt, -10-).
    await send([
      {
        type: 'session',
        payload: {
          sid,
          init: true,
          started: now,
          timestamp: now,
          status: 'ok',
          errors: 0,
          did: '42',
          attrs: { release: 'demo@1.0.0', environment: 'research' },
        },
      },
    ]);
    await send([
      {
        type: 'session',
        payload: {
          sid,
          init: false,
          started: now,
          timestamp: now,
          status: 'exited',
          errors: 1,
          did: '42',
          duration: 0.14,
          attrs: { release: 'demo@1.0.0', environment: 'research' },
        },
      },
      {
        type: 'sessions',
        payload: {
          aggregates: [
            { started: now, exited: 7, crashed: 1, did: '43' },
            { started: now, exited: 2 },
          ],
          attrs: { release: 'demo@1.0.0', environment: 'research' },
        },
      },
    ]);
    const url = `/api/0/projects/${sentry.organization}/${sentry.slug}/release-health/`;
    const report = await eventually(async () => {
      const r = (await user.call('GET', url)).json() as unknown as Summary;
      return r.total?.sessions.total === 11 && r.total.sessions.errored === 1 ? r : undefined;
    });
    assert.equal(report.releases[0]!.release, 'demo@1.0.0');
    assert.deepEqual(report.total.sessions, { total: 11, healthy: 9, errored: 1, abnormal: 0, crashed: 1 });
    assert.deepEqual(report.total.users, { total: 2, crashed: 1 });
    assert.equal(report.total.crashFreeUsers, 50);
    // Filtered by environment.
    const none = (await user.call('GET', `${url}?environment=production`)).json() as unknown as Summary;
    assert.equal(none.total.sessions.total, 0);
  });
});
