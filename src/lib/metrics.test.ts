import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter, Gauge, Histogram, Registry } from './metrics.js';

describe('Registry', () => {
  test('renders counters with labels, gauges and histograms in the Prometheus text format', () => {
    const r = new Registry();
    const c = r.add(new Counter('req_total', 'Requests.'));
    c.inc({ status: '200' });
    c.inc({ status: '200' });
    c.inc({ status: '4"3' });
    r.add(new Gauge('depth', 'Depth.', () => 7));
    const h = r.add(new Histogram('lat_seconds', 'Latency.', [0.1, 1]));
    h.observe(0.05);
    h.observe(0.5);
    const text = r.render();
    assert.match(text, /^req_total\{status="200"\} 2$/m);
    assert.match(text, /^req_total\{status="4\\"3"\} 1$/m);
    assert.match(text, /^depth 7$/m);
    assert.match(text, /^lat_seconds_bucket\{le="0.1"\} 1$/m);
    assert.match(text, /^lat_seconds_bucket\{le="\+Inf"\} 2$/m);
    assert.match(text, /^# TYPE lat_seconds histogram$/m);
  });
});
