import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rawRequest } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';
import { runProcess, type ProcessResult } from './run-process.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const SENTRY_CLI = path.join(root, 'node_modules/.bin/sentry-cli');
const EMAIL = 'release-manager@example.com';
const hasGit = spawnSync('git', ['--version']).status === 0;

// A minified script and its source map, as a bundler would emit them.
const MINIFIED =
  'function a(n){if(n>1)throw new Error("boom "+n);return n}a(2);\n//# sourceMappingURL=app.min.js.map\n';
const SOURCE_MAP = JSON.stringify({
  version: 3,
  file: 'app.min.js',
  sources: ['../src/app.ts'],
  sourcesContent: [
    "export function add(n: number) {\n  if (n > 1) throw new Error('boom ' + n);\n  return n;\n}\nadd(2);\n",
  ],
  names: ['add', 'n', 'Error'],
  mappings: 'AAAO,SAASA,EAAIC,GAClB,GAAIA,EAAI,EAAG,MAAM,IAAIC,MAAM,QAAUD,GACrC,OAAOA,EAETD,EAAI',
});

describe('sentry-cli managing releases and source maps on Faultline', { timeout: 180_000 }, () => {
  let server: TestServer;
  let project: ProjectInfo;
  let home: string;
  let token: string;

  /** Runs the real sentry-cli with only the environment it needs. */
  const sentryCli = (args: string[], cwd = home): Promise<ProcessResult> =>
    runProcess(SENTRY_CLI, args, {
      env: {
        PATH: [path.dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(path.delimiter),
        HOME: home,
        SENTRY_URL: server.url,
        SENTRY_AUTH_TOKEN: token,
        SENTRY_ORG: project.organization,
        SENTRY_PROJECT: project.slug,
        SENTRY_DISABLE_UPDATE_CHECK: '1',
      },
      cwd,
      timeoutMs: 60_000,
    });
  const ok = (run: ProcessResult) =>
    assert.equal(run.code, 0, `sentry-cli failed:\n${run.stdout}\n${run.stderr}`);
  const get = async (apiPath: string) => {
    const res = await rawRequest(`${server.url}/api/0${apiPath}`, {
      method: 'GET',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200, `GET ${apiPath}: ${res.text}`);
    return JSON.parse(res.text) as unknown;
  };

  before(
    async () => {
      server = await startServer();
      project = await server.createProject('web', 'javascript');
      await server.cli([
        'user',
        'create',
        '--email',
        EMAIL,
        '--password',
        'correct horse battery',
        '--superuser',
      ]);
      const created = await server.cli([
        'token',
        'create',
        '--email',
        EMAIL,
        '--scopes',
        'org:read project:read project:write project:releases',
      ]);
      token = String(created.token);
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'faultline-sentry-cli-releases-'));
    },
    { timeout: 30_000 },
  );

  after(async () => {
    await server?.cleanup();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('info reports the server, the user behind the token and its scopes', async () => {
    const run = await sentryCli(['info']);
    ok(run);
    assert.match(run.stdout, new RegExp(`Sentry Server: ${server.url.replace(/\./g, '\\.')}`));
    assert.match(run.stdout, /Method: Auth Token/);
    assert.match(run.stdout, new RegExp(`User: ${EMAIL}`));
    assert.match(run.stdout, /- project:releases/);
  });

  test('releases new, finalize and deploys new make a released version with a production deploy', async () => {
    ok(await sentryCli(['releases', 'new', 'web@2.0.0']));
    // Again: Faultline answers 208 as Sentry does, which sentry-cli accepts.
    ok(await sentryCli(['releases', 'new', 'web@2.0.0']));
    ok(await sentryCli(['releases', 'finalize', 'web@2.0.0']));
    const deploy = await sentryCli(['releases', 'deploys', 'web@2.0.0', 'new', '-e', 'production']);
    ok(deploy);
    assert.match(deploy.stdout, /production/);

    const release = (await get(`/organizations/acme/releases/${encodeURIComponent('web@2.0.0')}/`)) as {
      version: string;
      dateReleased: string | null;
      deployCount: number;
      lastDeploy: { environment: string } | null;
      projects: { slug: string }[];
    };
    assert.equal(release.version, 'web@2.0.0');
    assert.ok(release.dateReleased, 'finalize sets dateReleased');
    assert.equal(release.deployCount, 1);
    assert.equal(release.lastDeploy?.environment, 'production');
    assert.deepEqual(
      release.projects.map((p) => p.slug),
      ['web'],
    );
    const deploys = (await get(
      `/organizations/acme/releases/${encodeURIComponent('web@2.0.0')}/deploys/`,
    )) as {
      environment: string;
    }[];
    assert.deepEqual(
      deploys.map((d) => d.environment),
      ['production'],
    );
  });

  test('releases list, info and deploys list read back what was created', async () => {
    const listed = await sentryCli(['releases', 'list']);
    ok(listed);
    assert.match(listed.stdout, /web@2\.0\.0/);
    const info = await sentryCli(['releases', 'info', 'web@2.0.0']);
    ok(info);
    assert.match(info.stdout, /web@2\.0\.0/);
    const deploys = await sentryCli(['releases', 'deploys', 'web@2.0.0', 'list']);
    ok(deploys);
    assert.match(deploys.stdout, /production/);
  });

  test('releases set-commits --local is accepted (commits are not kept)', { skip: !hasGit }, async () => {
    const repo = fs.mkdtempSync(path.join(home, 'repo-'));
    const git = (...args: string[]) => {
      const r = spawnSync('git', ['-c', 'user.name=ci', '-c', 'user.email=ci@example.com', ...args], {
        cwd: repo,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home },
      });
      assert.equal(r.status, 0, `git ${args.join(' ')}: ${String(r.stderr)}`);
    };
    git('init', '-q');
    fs.writeFileSync(path.join(repo, 'app.js'), 'console.log(1)\n');
    git('add', '.');
    git('commit', '-q', '-m', 'first');
    const run = await sentryCli(['releases', 'set-commits', 'web@2.0.0', '--local'], repo);
    ok(run);
    const release = (await get(`/organizations/acme/releases/${encodeURIComponent('web@2.0.0')}/`)) as {
      commitCount: number;
    };
    assert.equal(release.commitCount, 0);
  });

  test('sourcemaps inject and upload store an artifact bundle with the debug ids and release', async () => {
    const dist = fs.mkdtempSync(path.join(home, 'dist-'));
    fs.writeFileSync(path.join(dist, 'app.min.js'), MINIFIED);
    fs.writeFileSync(path.join(dist, 'app.min.js.map'), SOURCE_MAP);

    ok(await sentryCli(['sourcemaps', 'inject', dist]));
    const debugId = /\/\/# debugId=([0-9a-f-]{36})/.exec(
      fs.readFileSync(path.join(dist, 'app.min.js'), 'utf8'),
    )?.[1];
    assert.ok(debugId, 'sourcemaps inject added a debug id to the script');

    const upload = await sentryCli(['sourcemaps', 'upload', '--release', 'web@2.0.0', dist]);
    ok(upload);
    const bundleId = /Bundle ID: ([0-9a-f-]{36})/.exec(upload.stdout)?.[1];
    assert.ok(bundleId, `no bundle id in sentry-cli output:\n${upload.stdout}`);

    const bundles = (await get('/projects/acme/web/files/artifact-bundles/')) as {
      bundleId: string;
      associations: { release: string | null; dist: string | null }[];
      fileCount: number;
    }[];
    assert.equal(bundles.length, 1);
    assert.equal(bundles[0]!.bundleId, bundleId);
    assert.deepEqual(bundles[0]!.associations, [{ release: 'web@2.0.0', dist: null }]);
    assert.equal(bundles[0]!.fileCount, 2);

    const { files } = (await get(`/projects/acme/web/artifact-bundles/${bundleId}/files/`)) as {
      files: { filePath: string; fileType: number; debugId: string | null }[];
    };
    assert.deepEqual(
      files.map((f) => [f.filePath, f.fileType, f.debugId]),
      [
        ['~/app.min.js', 2, debugId],
        ['~/app.min.js.map', 3, debugId],
      ],
    );

    // The same files again: the server already holds the bundle, and nothing new is stored.
    ok(await sentryCli(['sourcemaps', 'upload', '--release', 'web@2.0.0', dist]));
    assert.equal(((await get('/projects/acme/web/files/artifact-bundles/')) as unknown[]).length, 1);
  });
});
