import assert from 'node:assert/strict';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { startServer, type TestServer } from '../../helpers/server.js';
import { seedPerEvent, tagClient, type TagClient } from './tag-client.js';

describe('tag monitoring: probes and alerts', () => {
  let server: TestServer;
  let client: TagClient;
  let sgtm: http.Server;
  let behaviour: { status: number; delayMs: number } = { status: 200, delayMs: 0 };

  before(async () => {
    // A stand-in sGTM endpoint on 127.0.0.1 only.
    sgtm = http.createServer((req, res) => {
      setTimeout(
        () => res.writeHead(req.url === '/healthy' ? behaviour.status : 404).end('ok'),
        behaviour.delayMs,
      );
    });
    sgtm.listen(0, '127.0.0.1');
    await once(sgtm, 'listening');
    server = await startServer();
    client = await tagClient(server);
  });
  after(async () => {
    await server.cleanup();
    sgtm.closeAllConnections();
    sgtm.close();
  });

  test('a probe opens a warning when slow, critical on a wrong status or a timeout, and resolves when healthy', async () => {
    const url = `http://127.0.0.1:${(sgtm.address() as AddressInfo).port}`;
    const site = await client.createSite(
      'Probed',
      { probe: { warningMs: 150, criticalMs: 600, timeoutMs: 1000, intervalSeconds: 3600 } },
      { sgtm_url: url },
    );
    const run = async () => {
      const res = await client.api('POST', `/api/0/organizations/acme/tag-sites/${site.slug}/probes/run/`);
      assert.equal(res.status, 200);
      return res.body as { status: string; status_code: number | null; response_time_ms: number };
    };
    const openProbeAlerts = async () =>
      (
        (await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/alerts/?status=open`))
          .body as {
          rule_key: string;
          severity: string;
        }[]
      ).filter((a) => a.rule_key === 'probe:http_health');

    behaviour = { status: 200, delayMs: 0 };
    assert.equal((await run()).status, 'ok');
    assert.deepEqual(await openProbeAlerts(), []);

    behaviour = { status: 200, delayMs: 250 };
    assert.equal((await run()).status, 'warning');
    assert.equal((await openProbeAlerts())[0]?.severity, 'warning');

    behaviour = { status: 503, delayMs: 0 };
    const wrong = await run();
    assert.equal(wrong.status, 'critical');
    assert.equal(wrong.status_code, 503);
    const open = await openProbeAlerts();
    assert.equal(open.length, 1, 'the open alert is updated, not duplicated');
    assert.equal(open[0]?.severity, 'critical');

    behaviour = { status: 200, delayMs: 1500 };
    assert.equal((await run()).status, 'critical');

    const room = await client.api('GET', '/api/0/organizations/acme/tag-control-room/');
    const row = (room.body as { sites: { site_slug: string; overall_status: string }[] }).sites.find(
      (s) => s.site_slug === site.slug,
    );
    assert.equal(row?.overall_status, 'critical');

    behaviour = { status: 200, delayMs: 0 };
    assert.equal((await run()).status, 'ok');
    assert.deepEqual(await openProbeAlerts(), []);
    const all = (
      await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/alerts/?status=resolved`)
    ).body as { rule_key: string; resolved_at: string | null }[];
    assert.ok(all.some((a) => a.rule_key === 'probe:http_health' && a.resolved_at !== null));
    const results = (await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/probes/`))
      .body as unknown[];
    assert.equal(results.length, 5);
  });

  test('the digest evaluates rules after a fold: a data-quality alert opens on its own', async () => {
    const site = await client.createSite('Quality', {
      windowMinutes: 5,
      minExecutions: 3,
      quality: { phone: { warning: 70, critical: 40 } },
    });
    // Data in the last complete minute, none with a phone number.
    const lastMinute = Math.floor(Date.now() / 60_000) * 60_000 - 60_000;
    for (let i = 0; i < 3; i++)
      assert.equal((await client.ingest(site.key, seedPerEvent(lastMinute + i))).status, 200);
    const deadline = Date.now() + 15_000;
    for (;;) {
      const alerts = (await client.api('GET', `/api/0/organizations/acme/tag-sites/${site.slug}/alerts/`))
        .body as {
        rule_key: string;
        severity: string;
      }[];
      const phone = alerts.find((a) => a.rule_key === 'quality:phone');
      if (phone) {
        assert.equal(phone.severity, 'critical');
        return;
      }
      if (Date.now() > deadline)
        throw new Error(`no quality alert: ${JSON.stringify(alerts)}\n${server.output().slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
});
