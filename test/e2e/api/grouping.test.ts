import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createApiUser, eventually, type ApiClient } from '../../helpers/api-client.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { runProcess } from '../real-clients/run-process.js';

const APP = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/real-clients/sentry-node-grouping-app.mjs',
);

interface Issue {
  id: string;
  title: string;
  level: string;
  count: string;
  userCount: number;
}

describe('issues from the real @sentry/node', { timeout: 90_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let owner: ApiClient;
  let issues: Issue[];

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('grouping', 'node');
      owner = await createApiUser(server, { org: project.organization, role: 'owner' });
      const run = await runProcess(process.execPath, [APP], {
        env: { ...process.env, FAULTLINE_DSN: project.dsn },
        timeoutMs: 30_000,
      });
      assert.equal(run.code, 0, `app failed:\n${run.stderr}\n${run.stdout}`);
      const report = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as {
        ids: string[];
        flushed: boolean;
      };
      assert.equal(report.flushed, true);
      assert.equal(report.ids.length, 10);
      issues = await eventually(async () => {
        const res = await owner.get(
          `/projects/${project.organization}/${project.slug}/issues/?query=&sort=freq`,
        );
        const list = res.json() as unknown as Issue[];
        return list.reduce((n, i) => n + Number(i.count), 0) === 10 ? list : undefined;
      }, 30_000);
    },
    { timeout: 60_000 },
  );
  after(async () => server?.cleanup());

  test('become exactly five issues with the right event and user counts', () => {
    // The two messages share one issue, titled by whichever of them was digested first.
    const title = (i: Issue) => (/^User \d+ not found$/.test(i.title) ? 'User <int> not found' : i.title);
    const byTitle = Object.fromEntries(issues.map((i) => [title(i), [Number(i.count), i.userCount]]));
    assert.deepEqual(byTitle, {
      'Error: inventory service unavailable': [5, 3],
      'User <int> not found': [2, 2],
      'TypeError: cart is not iterable': [1, 1],
      'RangeError: discount out of range': [1, 1],
      'Error: payment gateway timeout': [1, 1],
    });
    assert.equal(issues.length, 5);
    // Most events first under sort=freq.
    assert.equal(issues[0]!.title, 'Error: inventory service unavailable');
  });

  test('gives the message issue the message level and finds it by its text', async () => {
    const message = issues.find((i) => /^User \d+ not found$/.test(i.title))!;
    assert.equal(message.level, 'info');
    const res = await owner.get(
      `/projects/${project.organization}/${project.slug}/issues/?query=${encodeURIComponent('"not found" user.id:user-456')}`,
    );
    assert.deepEqual(
      (res.json() as unknown as Issue[]).map((i) => i.id),
      [message.id],
    );
  });
});
