import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  createApiUser,
  eventually,
  nextCursor,
  sendEvent,
  type ApiClient,
} from '../../helpers/api-client.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

const ISSUES = 1000;
const PAGE = 100;

/** Runs `fn` over `items` with at most `width` calls in flight. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

describe('paginating 1,000 issues', { timeout: 300_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let owner: ApiClient;
  const listUrl = (query: string) => `/projects/${project.organization}/${project.slug}/issues/${query}`;

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('pager');
      owner = await createApiUser(server, { org: project.organization, role: 'owner' });
      const indexes = Array.from({ length: ISSUES }, (_, i) => i);
      await inParallel(indexes, 32, (i) =>
        sendEvent(server, project, {
          fingerprint: [`n-${i}`],
          message: `issue number ${i}`,
          exception: undefined,
        }),
      );
      await eventually(async () => {
        const res = await owner.get(listUrl('?query=&per_page=1'));
        return res.headers['x-hits'] === String(ISSUES) ? true : undefined;
      }, 120_000);
    },
    { timeout: 240_000 },
  );
  after(async () => server?.cleanup());

  test('walks pages of 100 sorted by first seen with no duplicate and no gap while events arrive', async () => {
    const first = await owner.get(listUrl('?query=&sort=new&per_page=1000'));
    assert.equal(first.status, 400, 'per_page is capped at 100');

    // The issues as they stand before the walk.
    const before: string[] = [];
    for (let cursor: string | undefined = ''; cursor !== undefined;) {
      const res = await owner.get(listUrl(`?query=&sort=new&per_page=${PAGE}&cursor=${cursor}`));
      before.push(...(res.json() as unknown as { id: string }[]).map((i) => i.id));
      cursor = nextCursor(res);
    }
    assert.equal(before.length, ISSUES);

    // Meanwhile: more events on existing issues (their last seen and counts change) and new issues.
    let sending = true;
    let sent = 0;
    const traffic = (async () => {
      while (sending) {
        const i = Math.floor(Math.random() * ISSUES);
        await sendEvent(server, project, {
          fingerprint: [`n-${i}`],
          message: `issue number ${i}`,
          exception: undefined,
        });
        if (sent % 10 === 0) {
          await sendEvent(server, project, {
            fingerprint: [`late-${sent}`],
            message: 'late issue',
            exception: undefined,
          });
        }
        sent++;
      }
    })();

    const walked: string[] = [];
    let pages = 0;
    try {
      for (let cursor: string | undefined = ''; cursor !== undefined; pages++) {
        const res = await owner.get(listUrl(`?query=&sort=new&per_page=${PAGE}&cursor=${cursor}`));
        assert.equal(res.status, 200, res.text);
        const rows = res.json() as unknown as { id: string }[];
        assert.ok(rows.length <= PAGE);
        walked.push(...rows.map((i) => i.id));
        cursor = nextCursor(res);
        // Give the digest time to land events between pages.
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      sending = false;
      await traffic;
    }
    assert.ok(sent > 10, `only ${sent} events were sent during the walk`);
    assert.equal(new Set(walked).size, walked.length, 'a page repeated an issue');
    const seen = new Set(walked);
    const missing = before.filter((id) => !seen.has(id));
    assert.deepEqual(missing, [], 'issues that existed before the walk were skipped');
    assert.ok(pages >= ISSUES / PAGE);
  });

  test('answers a search over 1,000 issues quickly', async () => {
    const started = performance.now();
    const res = await owner.get(
      listUrl(`?query=${encodeURIComponent('is:unresolved issue number 99')}&per_page=100`),
    );
    const ms = performance.now() - started;
    assert.equal(res.status, 200);
    // "issue number 99", "…990" … "…999": 11 issues.
    assert.equal((res.json() as unknown as unknown[]).length, 11);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });
});
