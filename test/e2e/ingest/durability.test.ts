import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventEnvelope, rawRequest, sampleEvent } from '../../helpers/envelope.js';
import { startServer, type ProjectInfo, type TestServer } from '../../helpers/server.js';

describe('durable intake', () => {
  let server: TestServer;
  let project: ProjectInfo;

  before(async () => {
    // The worker is off at first, so acknowledged events can only be in the intake spool when we kill.
    server = await startServer({ env: { FAULTLINE_WORKER: 'off' } });
    project = await server.createProject('durable');
  });
  after(async () => server.cleanup());

  test('every acknowledged event survives a kill -9 right after its 200 and is stored exactly once', async () => {
    const ids: string[] = [];
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const ev = sampleEvent();
        const res = await rawRequest(
          `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}`,
          {
            body: eventEnvelope(ev),
          },
        );
        assert.equal(res.status, 200);
        ids.push(String(ev.event_id));
      }),
    );
    await server.kill('SIGKILL');
    server.env.FAULTLINE_WORKER = 'on';
    await server.restart();
    for (const id of ids) await server.waitForEvent(project.id, id);
    const storage = server.storage();
    const rows = await storage.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('project_id', '=', Number(project.id))
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), ids.length);
  });

  test('a redelivered envelope (same event id) does not create a second event', async () => {
    const ev = sampleEvent();
    for (let i = 0; i < 3; i++) {
      const res = await rawRequest(
        `${server.url}/api/${project.id}/envelope/?sentry_key=${project.publicKey}`,
        {
          body: eventEnvelope(ev),
        },
      );
      assert.equal(res.status, 200);
    }
    await server.waitForEvent(project.id, String(ev.event_id));
    await new Promise((r) => setTimeout(r, 300));
    const storage = server.storage();
    const rows = await storage.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('event_id', '=', String(ev.event_id))
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 1);
  });
});
