import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  eventEnvelope,
  metric,
  rawRequest,
  sampleEvent,
  sleep,
  startTarget,
  storageOf,
  waitForDrain,
  type Target,
} from './helpers.js';

const EVENTS = 5000;
const SENDERS = 8;
const KILLS = 3;

describe('crash under load', { timeout: 240_000 }, () => {
  let t: Target;

  before(async () => {
    t = await startTarget();
  });
  after(async () => t.server.cleanup());

  test(`stores every acknowledged event exactly once across ${KILLS} kill -9 during a load of ${EVENTS}`, async (ctx) => {
    const queue = Array.from({ length: EVENTS }, () => String(sampleEvent().event_id));
    const acked = new Set<string>();
    let resent = 0;
    let down = false;

    // Several senders over real HTTP; whatever is not acknowledged (refused, reset, timed out) is
    // sent again later with the same event id, as an SDK's retry would.
    const sender = async () => {
      for (;;) {
        const id = queue.shift();
        if (id === undefined) {
          if (acked.size === EVENTS) return;
          await sleep(20);
          continue;
        }
        const ev = sampleEvent(id);
        const status = await rawRequest(t.envelopeUrl(), { body: eventEnvelope(ev), timeoutMs: 5000 }).then(
          (res) => res.status,
          () => 0,
        );
        if (status === 200) {
          acked.add(id);
        } else {
          resent++;
          queue.push(id);
          await sleep(down ? 100 : 20);
        }
      }
    };

    // Kills at random points of the load, each after a random share of it has been acknowledged.
    const thresholds = Array.from({ length: KILLS }, () =>
      Math.floor(EVENTS * (0.1 + Math.random() * 0.75)),
    ).sort((a, b) => a - b);
    const killedAt: number[] = [];
    const killer = async () => {
      for (const threshold of thresholds) {
        while (acked.size < threshold) await sleep(5);
        await sleep(Math.random() * 50);
        killedAt.push(acked.size);
        down = true;
        await t.server.kill('SIGKILL');
        await t.server.restart();
        down = false;
      }
    };

    const started = Date.now();
    await Promise.all([killer(), ...Array.from({ length: SENDERS }, sender)]);
    assert.equal(acked.size, EVENTS);
    assert.equal(killedAt.length, KILLS);
    for (const at of killedAt) assert.ok(at < EVENTS, `a kill came after the load: ${killedAt.join(', ')}`);

    await waitForDrain(t.server, 60_000);
    const { db } = storageOf(t.server);
    const rows = await db
      .selectFrom('events')
      .select(['event_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', Number(t.project.id))
      .groupBy('event_id')
      .execute();
    const stored = new Map(rows.map((r) => [r.event_id, Number(r.n)]));
    const missing = [...acked].filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], `${missing.length} acknowledged events were lost`);
    assert.deepEqual(
      rows.filter((r) => Number(r.n) !== 1),
      [],
      'an event was stored more than once',
    );
    assert.equal(stored.size, EVENTS);
    assert.equal(await metric(t.server, 'faultline_intake_parked'), 0);
    ctx.diagnostic(
      `${EVENTS} events in ${Date.now() - started} ms, killed after ${killedAt.join(', ')} acks, ${resent} resent`,
    );
  });
});
