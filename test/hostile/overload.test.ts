import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import {
  eventEnvelope,
  residentBytes,
  RSS_BUDGET_BYTES,
  sampleEvent,
  sleep,
  startTarget,
  storageOf,
  waitForDrain,
  type Target,
} from './helpers.js';

const BLAST_SECONDS = 10;
const CLIENT_SOCKETS = 128;
/** Requests the load generator keeps open at most; beyond it, it waits (and says so). */
const MAX_OUTSTANDING = 512;

interface Answer {
  status: number;
  retryAfter: string | undefined;
}

/** One POST over a keep-alive agent; status 0 for a network error or a timeout. */
function post(agent: http.Agent, url: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve) => {
    const req = http.request(url, { method: 'POST', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
      res.on('error', () => resolve({ status: 0, retryAfter: undefined }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', () => resolve({ status: 0, retryAfter: undefined }));
    req.end(body);
  });
}

describe('overload', { timeout: 240_000 }, () => {
  let t: Target;

  before(async () => {
    // Small limits, so that the excess is refused at once instead of queueing.
    t = await startTarget({ FAULTLINE_MAX_IN_FLIGHT: '16', FAULTLINE_MAX_BACKLOG: '1000' });
  });
  after(async () => t.server.cleanup());

  test(`refuses the excess of ${BLAST_SECONDS} s at 10× the sustainable rate, within the memory budget, and stores every 200`, async (ctx) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENT_SOCKETS });
    const url = t.envelopeUrl();
    const acked: string[] = [];
    const send = async (ev = sampleEvent(), body = eventEnvelope(ev)) => {
      const answer = await post(agent, url, body);
      if (answer.status === 200) acked.push(String(ev.event_id));
      return answer;
    };

    // The sustainable rate: events acknowledged and digested per second by a modest, steady load.
    const calibrationStart = Date.now();
    const calibration = 400;
    for (let sent = 0; sent < calibration; sent += 8)
      await Promise.all(Array.from({ length: 8 }, () => send()));
    await waitForDrain(t.server);
    const sustainable = calibration / ((Date.now() - calibrationStart) / 1000);
    const target = 10 * sustainable;
    // Bodies are built beforehand: the load generator shares the machine with the server.
    const planned = Array.from({ length: Math.ceil(target * BLAST_SECONDS) }, () => {
      const ev = sampleEvent();
      return { ev, body: eventEnvelope(ev) };
    });

    // An open-loop load: requests start on schedule whether or not earlier ones were answered.
    const answers: Promise<Answer>[] = [];
    let outstanding = 0;
    let stalled = 0;
    let peakRss = 0;
    const sampler = (async () => {
      const end = Date.now() + BLAST_SECONDS * 1000 + 2000;
      while (Date.now() < end) {
        peakRss = Math.max(peakRss, await residentBytes(t.server));
        await sleep(250);
      }
    })();
    const blastStart = Date.now();
    while (Date.now() - blastStart < BLAST_SECONDS * 1000) {
      const due = Math.floor(((Date.now() - blastStart) / 1000) * target) - answers.length;
      for (let i = 0; i < due; i++) {
        if (outstanding >= MAX_OUTSTANDING) {
          stalled++;
          break;
        }
        const next = planned[answers.length];
        if (!next) break;
        outstanding++;
        answers.push(send(next.ev, next.body).finally(() => outstanding--));
      }
      await sleep(5);
    }
    const offered = answers.length / ((Date.now() - blastStart) / 1000);
    const results = await Promise.all(answers);
    await sampler;
    agent.destroy();

    const byStatus = new Map<number, number>();
    for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    ctx.diagnostic(
      `sustainable ${sustainable.toFixed(0)}/s, target ${target.toFixed(0)}/s, offered ${offered.toFixed(0)}/s, ` +
        `answers ${JSON.stringify(Object.fromEntries(byStatus))}, generator stalls ${stalled}, ` +
        `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
    );

    // On a small machine the generator cannot always reach 10× (it competes for the same cores and
    // waits for answers on its sockets); twice what the server sustains is still well past it.
    assert.ok(offered > 2 * sustainable, `the load generator offered only ${offered.toFixed(0)}/s`);
    for (const status of byStatus.keys()) assert.ok([200, 429, 503].includes(status), `answered ${status}`);
    const refused = (byStatus.get(429) ?? 0) + (byStatus.get(503) ?? 0);
    assert.ok(refused > 0, 'the excess was not refused');
    for (const r of results) if (r.status === 503 || r.status === 429) assert.ok(Number(r.retryAfter) > 0);
    assert.ok(peakRss > 0 && peakRss < RSS_BUDGET_BYTES, `peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`);

    // Every acknowledged event is stored once the backlog drains.
    await waitForDrain(t.server, 120_000);
    const { db } = storageOf(t.server);
    let stored = 0;
    for (let i = 0; i < acked.length; i += 500) {
      const chunk = acked.slice(i, i + 500);
      stored += (
        await db
          .selectFrom('events')
          .select('event_id')
          .where('project_id', '=', Number(t.project.id))
          .where('event_id', 'in', chunk)
          .execute()
      ).length;
    }
    assert.equal(stored, acked.length, `${acked.length - stored} acknowledged events are missing`);
  });
});
