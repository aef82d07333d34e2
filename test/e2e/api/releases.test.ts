import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { deflateRawSync, gzipSync } from 'node:zlib';
import { crc32 } from '../../../src/lib/zip.js';
import { eventEnvelope, rawRequest, sampleEvent, type RawResponse } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

interface Release {
  version: string;
  ref: string | null;
  url: string | null;
  dateCreated: string;
  dateReleased: string | null;
  newGroups: number;
  deployCount: number;
  lastDeploy: { id: string; environment: string; name: string | null; dateFinished: string } | null;
  projects: { id: number; slug: string; newGroups: number }[];
  firstEvent: string | null;
  lastEvent: string | null;
  commitCount: number;
  authors: unknown[];
}

const ALL = 'org:read project:read project:write project:releases';

/** A superuser token limited to `scopes`. */
async function tokenFor(server: TestServer, scopes: string): Promise<string> {
  const email = `${randomUUID().slice(0, 8)}@example.com`;
  await server.cli([
    'user',
    'create',
    '--email',
    email,
    '--password',
    'correct horse battery',
    '--superuser',
  ]);
  return String((await server.cli(['token', 'create', '--email', email, '--scopes', scopes])).token);
}

function api(server: TestServer, token: string | undefined) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  });
  const url = (path: string) => `${server.url}/api/0${path}`;
  const send = (method: string, path: string, body?: unknown) =>
    rawRequest(url(path), {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown) => send('POST', path, body),
    put: (path: string, body: unknown) => send('PUT', path, body),
    delete: (path: string) => send('DELETE', path),
    raw: (path: string, body: Buffer, contentType: string) =>
      rawRequest(url(path), { method: 'POST', headers: headers({ 'content-type': contentType }), body }),
  };
}

const rel = (r: RawResponse) => r.json() as unknown as Release;
const list = (r: RawResponse) => JSON.parse(r.text) as Release[];
const enc = encodeURIComponent;

/** A sentry-cli style artifact bundle: the SYSB header, then a zip holding the manifest and files. */
function artifactBundle(files: Record<string, string>, manifest: Record<string, unknown>): Buffer {
  const entries = { ...files, 'manifest.json': JSON.stringify(manifest) };
  const header = Buffer.from('SYSB\u0002\u0000\u0000\u0000', 'latin1');
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = header.length;
  for (const [name, content] of Object.entries(entries)) {
    const n = Buffer.from(name);
    const data = Buffer.from(content);
    const packed = deflateRawSync(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, packed);
    centrals.push(central, n);
    offset += local.length + n.length + packed.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([header, ...locals, cd, end]);
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** A multipart body of gzip-compressed chunks named by their SHA-1, as sentry-cli uploads them. */
function chunkForm(chunks: Buffer[], name = (c: Buffer) => sha1(c)): { body: Buffer; contentType: string } {
  const boundary = '------------------------' + randomUUID().replace(/-/g, '').slice(0, 22);
  const parts = chunks.flatMap((c) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file_gzip"; filename="${name(c)}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
    ),
    gzipSync(c),
    Buffer.from('\r\n'),
  ]);
  return {
    body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe('releases API', { timeout: 120_000 }, () => {
  let server: TestServer;
  let web: ProjectInfo;
  let jobs: ProjectInfo;
  let client: ReturnType<typeof api>;

  before(
    async () => {
      server = await startServer();
      web = await server.createProject('web', 'javascript');
      jobs = await server.createProject('jobs', 'node');
      client = api(server, await tokenFor(server, ALL));
    },
    { timeout: 30_000 },
  );
  after(async () => {
    await server?.cleanup();
  });

  test('creates a release with 201, and answers 208 when nothing about it is new', async () => {
    const created = await client.post('/organizations/acme/releases/', {
      version: 'web@1.0.0',
      projects: ['web'],
      ref: 'abc123',
      url: 'https://example.com/releases/1.0.0',
    });
    assert.equal(created.status, 201, created.text);
    const r = rel(created);
    assert.equal(r.version, 'web@1.0.0');
    assert.equal(r.ref, 'abc123');
    assert.equal(r.url, 'https://example.com/releases/1.0.0');
    assert.equal(r.dateReleased, null);
    assert.deepEqual(
      r.projects.map((p) => [p.slug, p.newGroups]),
      [['web', 0]],
    );
    assert.equal(r.newGroups, 0);
    assert.equal(r.deployCount, 0);
    assert.equal(r.lastDeploy, null);
    assert.equal(r.commitCount, 0);
    assert.deepEqual(r.authors, []);

    const again = await client.post('/organizations/acme/releases/', {
      version: 'web@1.0.0',
      projects: ['web'],
    });
    assert.equal(again.status, 208, again.text);
    assert.equal(rel(again).dateCreated, r.dateCreated);
    // A new project for an existing version is news: 201, and the first ref is kept.
    const more = await client.post('/organizations/acme/releases/', {
      version: 'web@1.0.0',
      projects: ['jobs'],
      ref: 'other',
    });
    assert.equal(more.status, 201, more.text);
    assert.deepEqual(
      rel(more)
        .projects.map((p) => p.slug)
        .sort(),
      ['jobs', 'web'],
    );
    assert.equal(rel(more).ref, 'abc123');
  });

  test('refuses unknown project slugs and versions Sentry does not allow', async () => {
    const unknown = await client.post('/organizations/acme/releases/', {
      version: 'x@1',
      projects: ['nope'],
    });
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /Invalid project slugs/);
    for (const version of ['latest', '..', 'a\nb', '   ', 'x'.repeat(201)]) {
      const res = await client.post('/organizations/acme/releases/', { version, projects: ['web'] });
      assert.equal(res.status, 400, `${JSON.stringify(version)}: ${res.text}`);
    }
    assert.equal((await client.get(`/organizations/acme/releases/${enc('x@1')}/`)).status, 404);
  });

  test('finalizes a release with PUT dateReleased and updates ref and url', async () => {
    await client.post('/organizations/acme/releases/', { version: 'web@1.1.0', projects: ['web'] });
    const put = await client.put(`/organizations/acme/releases/${enc('web@1.1.0')}/`, {
      projects: ['web'],
      dateReleased: '2026-11-22T23:52:59.518826168Z',
      ref: 'deadbeef',
      url: 'https://ci.example.com/1',
    });
    assert.equal(put.status, 200, put.text);
    assert.equal(rel(put).dateReleased, '2026-11-22T23:52:59.518Z');
    const got = rel(await client.get(`/organizations/acme/releases/${enc('web@1.1.0')}/`));
    assert.equal(got.dateReleased, '2026-11-22T23:52:59.518Z');
    assert.equal(got.ref, 'deadbeef');
    assert.equal(got.url, 'https://ci.example.com/1');
    // Fields left out are kept; null clears.
    const cleared = rel(await client.put(`/organizations/acme/releases/${enc('web@1.1.0')}/`, { url: null }));
    assert.equal(cleared.ref, 'deadbeef');
    assert.equal(cleared.url, null);
    assert.equal(
      (await client.put(`/organizations/acme/releases/${enc('nope@1')}/`, { ref: 'x' })).status,
      404,
    );
  });

  test('records deploys and shows the newest as lastDeploy', async () => {
    await client.post('/organizations/acme/releases/', { version: 'web@1.2.0', projects: ['web'] });
    const path = `/organizations/acme/releases/${enc('web@1.2.0')}/deploys/`;
    const first = await client.post(path, {
      environment: 'staging',
      name: null,
      url: null,
      dateStarted: null,
      dateFinished: '2026-01-01T10:00:00Z',
    });
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(first.json(), {
      id: first.json().id,
      environment: 'staging',
      name: null,
      url: null,
      dateStarted: null,
      dateFinished: '2026-01-01T10:00:00.000Z',
    });
    const second = await client.post(path, {
      environment: 'production',
      name: 'deploy 2',
      url: 'https://ci.example.com/d/2',
      dateStarted: '2026-01-02T09:59:00Z',
    });
    assert.equal(second.status, 201, second.text);

    const deploys = JSON.parse((await client.get(path)).text) as { environment: string }[];
    assert.deepEqual(
      deploys.map((d) => d.environment),
      ['production', 'staging'],
    );
    const r = rel(await client.get(`/organizations/acme/releases/${enc('web@1.2.0')}/`));
    assert.equal(r.deployCount, 2);
    assert.equal(r.lastDeploy?.environment, 'production');
    assert.equal(r.lastDeploy?.name, 'deploy 2');

    assert.equal((await client.post(path, { environment: 'a/b' })).status, 400);
    assert.equal((await client.post(path, {})).status, 400);
    assert.equal(
      (await client.post(`/organizations/acme/releases/${enc('nope@2')}/deploys/`, { environment: 'x' }))
        .status,
      404,
    );
  });

  test('finds versions holding @, +, / and spaces through URL-encoded paths', async () => {
    for (const version of ['web@2.0.0+build.7', 'team/web 2.0']) {
      const created = await client.post('/organizations/acme/releases/', { version, projects: ['web'] });
      assert.equal(created.status, 201, created.text);
      const got = await client.get(`/organizations/acme/releases/${enc(version)}/`);
      assert.equal(got.status, 200, got.text);
      assert.equal(rel(got).version, version);
      const deploy = await client.post(`/organizations/acme/releases/${enc(version)}/deploys/`, {
        environment: 'production',
      });
      assert.equal(deploy.status, 201, deploy.text);
      assert.equal(rel(await client.get(`/projects/acme/web/releases/${enc(version)}/`)).version, version);
    }
  });

  test('lists releases newest first, by version prefix and by project, a page at a time', async () => {
    for (const v of ['list@1', 'list@2', 'list@3']) {
      await client.post('/organizations/acme/releases/', { version: v, projects: ['jobs'] });
    }
    const all = list(await client.get('/organizations/acme/releases/?query=list%40'));
    assert.deepEqual(
      all.map((r) => r.version),
      ['list@3', 'list@2', 'list@1'],
    );
    assert.deepEqual(list(await client.get('/organizations/acme/releases/?query=LIST')), []);

    const byProject = list(await client.get(`/organizations/acme/releases/?project=${jobs.id}`)).map(
      (r) => r.version,
    );
    assert.ok(byProject.includes('list@1') && byProject.includes('web@1.0.0'));
    assert.ok(!byProject.includes('web@1.1.0'));

    const seen: string[] = [];
    let path = '/organizations/acme/releases/?query=list&per_page=2';
    for (let i = 0; i < 5; i++) {
      const res = await client.get(path);
      seen.push(...list(res).map((r) => r.version));
      const next = /rel="next"; results="true"; cursor="([^"]+)"/.exec(String(res.headers.link ?? ''));
      if (!next) break;
      path = `/organizations/acme/releases/?query=list&per_page=2&cursor=${enc(next[1]!)}`;
    }
    assert.deepEqual(seen, ['list@3', 'list@2', 'list@1']);
  });

  test("lists a project's releases and hides the others' at project level", async () => {
    const jobsReleases = list(await client.get('/projects/acme/jobs/releases/')).map((r) => r.version);
    assert.ok(jobsReleases.includes('list@1'));
    assert.ok(!jobsReleases.includes('web@1.1.0'));
    assert.equal((await client.get(`/projects/acme/jobs/releases/${enc('web@1.1.0')}/`)).status, 404);
    assert.equal((await client.get(`/projects/acme/web/releases/${enc('web@1.1.0')}/`)).status, 200);
    assert.equal((await client.get('/projects/acme/nope/releases/')).status, 404);
  });

  test('shows a release first seen in an event, with its new issue and its event range', async () => {
    const timestamp = Date.now() / 1000 - 60;
    const event = sampleEvent(undefined, { release: 'shop@9.9.9', timestamp });
    const res = await rawRequest(
      `${server.url}/api/${web.id}/envelope/?sentry_key=${web.publicKey}&sentry_version=7`,
      { body: eventEnvelope(event) },
    );
    assert.equal(res.status, 200, res.text);
    await server.waitForEvent(web.id, String(event.event_id));

    const got = await client.get(`/organizations/acme/releases/${enc('shop@9.9.9')}/`);
    assert.equal(got.status, 200, got.text);
    const r = rel(got);
    assert.equal(r.newGroups, 1);
    assert.deepEqual(
      r.projects.map((p) => [p.slug, p.newGroups]),
      [['web', 1]],
    );
    assert.equal(Date.parse(r.firstEvent!), Math.round(timestamp * 1000));
    assert.equal(r.lastEvent, r.firstEvent);
    assert.ok(
      list(await client.get('/organizations/acme/releases/?query=shop')).some(
        (x) => x.version === 'shop@9.9.9',
      ),
    );

    // Creating it through the API afterwards is not news: the event created it first.
    const again = await client.post('/organizations/acme/releases/', {
      version: 'shop@9.9.9',
      projects: ['web'],
    });
    assert.equal(again.status, 208, again.text);
    // An issue began in it, so it cannot be deleted.
    const del = await client.delete(`/organizations/acme/releases/${enc('shop@9.9.9')}/`);
    assert.equal(del.status, 400);
    assert.match(del.text, /referenced by active issues/);
  });

  test('deletes a release no issue began in, with its deploys', async () => {
    await client.post('/organizations/acme/releases/', { version: 'gone@1', projects: ['web', 'jobs'] });
    await client.post(`/organizations/acme/releases/${enc('gone@1')}/deploys/`, {
      environment: 'production',
    });
    assert.equal((await client.delete(`/organizations/acme/releases/${enc('gone@1')}/`)).status, 204);
    assert.equal((await client.get(`/organizations/acme/releases/${enc('gone@1')}/`)).status, 404);
    assert.ok(!list(await client.get('/organizations/acme/releases/?query=gone')).length);
    assert.equal((await client.delete(`/organizations/acme/releases/${enc('gone@1')}/`)).status, 404);
  });

  test('reads need a read scope, writes need project:releases or project:write, and a token at all', async () => {
    const reader = api(server, await tokenFor(server, 'org:read'));
    assert.equal((await reader.get('/organizations/acme/releases/')).status, 200);
    assert.equal((await reader.get(`/organizations/acme/releases/${enc('web@1.0.0')}/`)).status, 200);
    assert.equal(
      (await reader.post('/organizations/acme/releases/', { version: 'r@1', projects: ['web'] })).status,
      403,
    );
    assert.equal((await reader.get('/organizations/acme/chunk-upload/')).status, 200);

    const releaser = api(server, await tokenFor(server, 'project:releases'));
    const created = await releaser.post('/organizations/acme/releases/', {
      version: 'r@1',
      projects: ['web'],
    });
    assert.equal(created.status, 201, created.text);
    assert.equal((await releaser.get('/projects/acme/web/releases/')).status, 200);

    const anonymous = api(server, undefined);
    assert.equal((await anonymous.get('/organizations/acme/releases/')).status, 401);
    assert.equal(
      (
        await anonymous.raw(
          '/organizations/acme/chunk-upload/',
          Buffer.alloc(10),
          'multipart/form-data; boundary=x',
        )
      ).status,
      401,
    );
    assert.equal((await client.get('/organizations/other-org/releases/')).status, 403);
  });

  test('chunk upload options follow what sentry-cli expects', async () => {
    const res = await client.get('/organizations/acme/chunk-upload/');
    assert.equal(res.status, 200, res.text);
    const o = res.json();
    assert.equal(o.url, `${server.url}/api/0/organizations/acme/chunk-upload/`);
    const chunkSize = Number(o.chunkSize);
    assert.ok(chunkSize > 0 && (chunkSize & (chunkSize - 1)) === 0, 'chunkSize is a power of two');
    assert.equal(o.hashAlgorithm, 'sha1');
    assert.deepEqual(o.compression, ['gzip']);
    assert.ok((o.accept as string[]).includes('artifact_bundles'));
    for (const key of ['chunksPerRequest', 'maxFileSize', 'maxRequestSize', 'concurrency']) {
      assert.equal(typeof o[key], 'number', key);
    }
  });

  test('assembles uploaded chunks into a bundle: not_found with the missing chunks, then ok, then listed', async () => {
    const debugId = '3258382d-a3f9-5f4a-8283-8106344d497f';
    const bundle = artifactBundle(
      { 'files/_/_/app.min.js': 'throw new Error("x")', 'files/_/_/app.min.js.map': '{"version":3}' },
      {
        files: {
          'files/_/_/app.min.js': {
            type: 'minified_source',
            url: '~/app.min.js',
            headers: { 'debug-id': debugId, sourcemap: 'app.min.js.map' },
          },
          'files/_/_/app.min.js.map': {
            type: 'source_map',
            url: '~/app.min.js.map',
            headers: { 'debug-id': debugId },
          },
        },
        debug_id: '09865d44-e989-5c5c-9632-6058475fcf5b',
        org: 'acme',
        project: 'web',
      },
    );
    // Two chunks, to exercise reassembly in order.
    const chunks = [bundle.subarray(0, 100), bundle.subarray(100)];
    const request = {
      checksum: sha1(bundle),
      chunks: chunks.map(sha1),
      projects: ['web'],
      version: 'web@1.0.0',
    };
    const first = await client.post('/organizations/acme/artifactbundle/assemble/', request);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json(), { state: 'not_found', missingChunks: request.chunks, detail: null });

    const form = chunkForm(chunks);
    const upload = await client.raw('/organizations/acme/chunk-upload/', form.body, form.contentType);
    assert.equal(upload.status, 200, upload.text);

    const second = await client.post('/organizations/acme/artifactbundle/assemble/', request);
    assert.deepEqual(second.json(), { state: 'ok', missingChunks: [], detail: null });
    // Asked again (sentry-cli polls), and for another project: still ok, now serving both.
    const third = await client.post('/organizations/acme/artifactbundle/assemble/', {
      ...request,
      projects: ['jobs'],
    });
    assert.deepEqual(third.json(), { state: 'ok', missingChunks: [], detail: null });

    for (const slug of ['web', 'jobs']) {
      const listed = await client.get(`/projects/acme/${slug}/files/artifact-bundles/`);
      assert.equal(listed.status, 200, listed.text);
      const bundles = JSON.parse(listed.text) as Record<string, unknown>[];
      assert.equal(bundles.length, 1);
      assert.equal(bundles[0]!.bundleId, '09865d44-e989-5c5c-9632-6058475fcf5b');
      assert.deepEqual(bundles[0]!.associations, [{ release: 'web@1.0.0', dist: null }]);
      assert.equal(bundles[0]!.fileCount, 2);
      assert.match(String(bundles[0]!.date), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    const files = await client.get(
      '/projects/acme/web/artifact-bundles/09865d44-e989-5c5c-9632-6058475fcf5b/files/',
    );
    assert.equal(files.status, 200, files.text);
    assert.deepEqual(
      (files.json().files as Record<string, unknown>[]).map((f) => [
        f.filePath,
        f.fileType,
        f.debugId,
        f.fileSize,
      ]),
      [
        ['~/app.min.js', 2, debugId, 20],
        ['~/app.min.js.map', 3, debugId, 13],
      ],
    );
  });

  test('refuses a chunk whose name is not its SHA-1, and reports a broken bundle as state error', async () => {
    const chunk = Buffer.from('not a zip, but uploaded as one');
    const wrong = chunkForm([chunk], () => 'f'.repeat(40));
    const bad = await client.raw('/organizations/acme/chunk-upload/', wrong.body, wrong.contentType);
    assert.equal(bad.status, 400);
    assert.match(bad.text, /Checksum mismatch/);

    const form = chunkForm([chunk]);
    assert.equal(
      (await client.raw('/organizations/acme/chunk-upload/', form.body, form.contentType)).status,
      200,
    );
    const broken = await client.post('/organizations/acme/artifactbundle/assemble/', {
      checksum: sha1(chunk),
      chunks: [sha1(chunk)],
      projects: ['web'],
    });
    assert.equal(broken.json().state, 'error');
    assert.match(String(broken.json().detail), /not a readable zip/);

    const mismatch = await client.post('/organizations/acme/artifactbundle/assemble/', {
      checksum: 'a'.repeat(40),
      chunks: [sha1(chunk)],
      projects: ['web'],
    });
    assert.deepEqual(mismatch.json(), {
      state: 'error',
      missingChunks: [],
      detail: 'Reported checksum mismatch',
    });

    const noProjects = await client.post('/organizations/acme/artifactbundle/assemble/', {
      checksum: sha1(chunk),
      chunks: [sha1(chunk)],
      projects: [],
    });
    assert.equal(noProjects.status, 400);
    const poll = await client.post('/organizations/acme/artifactbundle/assemble/', {
      checksum: 'b'.repeat(40),
      chunks: [],
      projects: ['web'],
    });
    assert.deepEqual(poll.json(), { state: 'not_found', missingChunks: [], detail: null });
  });
});
