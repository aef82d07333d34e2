import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { NormalizedEvent } from '../../../src/protocol/event.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { runProcess, type ProcessResult } from './run-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SENTRY_CLI = path.join(root, 'node_modules/.bin/sentry-cli');

/** Runs the real sentry-cli with only the environment it needs (it sends its whole environment as `extra.environ`). */
function sentryCli(args: string[], env: Record<string, string>, home: string): Promise<ProcessResult> {
  return runProcess(SENTRY_CLI, args, {
    env: {
      PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
      HOME: home,
      SENTRY_DISABLE_UPDATE_CHECK: 'true',
      ...env,
    },
    cwd: home,
    timeoutMs: 30_000,
  });
}

describe('sentry-cli send-event reporting to Faultline', { timeout: 60_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let home: string;

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('cli-jobs', 'other');
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sentry-cli-'));
    },
    { timeout: 30_000 },
  );

  after(async () => {
    await server?.cleanup();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('stores a message sent with tags and extra under the hyphenated id sentry-cli prints', async () => {
    const run = await sentryCli(
      ['send-event', '-m', 'hello from cli', '-t', 'env:ci', '-e', 'key:value'],
      { SENTRY_DSN: project.dsn },
      home,
    );
    assert.equal(run.code, 0, `sentry-cli failed:\n${run.stdout}\n${run.stderr}`);
    const printed = /Event id: ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/.exec(
      run.stdout,
    );
    assert.ok(printed?.[1], `no event id in sentry-cli output:\n${run.stdout}\n${run.stderr}`);
    const eventId = printed[1];

    const stored = await server.waitForEvent(project.id, eventId);
    assert.equal(stored.eventId, eventId.replace(/-/g, ''));
    const event = stored.data as NormalizedEvent;

    assert.equal(event.logentry?.formatted ?? event.logentry?.message, 'hello from cli');
    assert.match(stored.title, /hello from cli/);
    assert.equal(new Map(event.tags).get('env'), 'ci');
    assert.equal(event.extra?.key, 'value');
    assert.equal(event.sdk?.name, 'sentry-cli');
    assert.equal(stored.platform, 'native');
    // sentry-cli uploads its whole environment; server-side scrubbing (on by default) filters the
    // DSN in it, as Sentry's default sensitive fields do, and keeps the harmless variables.
    const environ = event.extra?.environ as Record<string, string> | undefined;
    assert.equal(environ?.SENTRY_DSN, '[Filtered]');
    assert.ok(environ?.PATH);
  });

  test('stores an event whose level, release and environment were given on the command line', async () => {
    const run = await sentryCli(
      ['send-event', '-m', 'nightly backup failed', '--level', 'warning', '-r', 'jobs@7.0.0', '-E', 'ci'],
      { SENTRY_DSN: project.dsn },
      home,
    );
    assert.equal(run.code, 0, `sentry-cli failed:\n${run.stdout}\n${run.stderr}`);
    const eventId = /Event id: ([0-9a-f-]{36})/.exec(run.stdout)?.[1];
    assert.ok(eventId, `no event id in sentry-cli output:\n${run.stdout}`);

    const stored = await server.waitForEvent(project.id, eventId);
    assert.equal(stored.level, 'warning');
    assert.equal(stored.release, 'jobs@7.0.0');
    assert.equal(stored.environment, 'ci');
    const logentry = (stored.data as NormalizedEvent).logentry;
    assert.equal(logentry?.formatted ?? logentry?.message, 'nightly backup failed');
    assert.match(stored.title, /nightly backup failed/);
  });
});
