import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { serializeEnvelope } from '../../src/protocol/envelope.js';

/** A fresh 32-hex event id. */
export const eventId = () => randomUUID().replace(/-/g, '');

/** A small but realistic Node error event. */
export function sampleEvent(
  id = eventId(),
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    event_id: id,
    timestamp: Date.now() / 1000,
    platform: 'node',
    level: 'error',
    release: 'shop@1.2.3',
    environment: 'production',
    exception: {
      values: [
        {
          type: 'TypeError',
          value: "Cannot read properties of undefined (reading 'total')",
          stacktrace: {
            frames: [
              {
                filename: 'node:internal/process/task_queues',
                function: 'process.processTicksAndRejections',
                lineno: 95,
                colno: 5,
                in_app: false,
              },
              {
                filename: '/srv/shop/src/checkout.js',
                module: 'checkout',
                function: 'computeTotal',
                lineno: 42,
                colno: 17,
                in_app: true,
              },
            ],
          },
          mechanism: { type: 'generic', handled: true },
        },
      ],
    },
    tags: { route: '/checkout' },
    user: { id: 'u-1' },
    ...overrides,
  };
}

/** An envelope body with one event item (newline-framed unless `withLength`). */
export function eventEnvelope(
  event: Record<string, unknown>,
  extraItems: { headers: Record<string, unknown>; payload: string | Buffer }[] = [],
): Buffer {
  return serializeEnvelope({
    headers: { event_id: event.event_id, sent_at: new Date().toISOString() },
    items: [{ headers: { type: 'event' }, payload: JSON.stringify(event) }, ...extraItems],
  });
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json(): Record<string, unknown>;
}

/** One request over a fresh socket with full control of headers and body chunks. */
export function rawRequest(
  url: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string | Buffer[];
    timeoutMs?: number;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: opts.method ?? 'POST', headers: opts.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json: () => JSON.parse(text) as Record<string, unknown>,
          });
        });
      },
    );
    req.setTimeout(opts.timeoutMs ?? 15_000, () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    const body = opts.body;
    if (Array.isArray(body)) for (const c of body) req.write(c);
    else if (body !== undefined) req.write(body);
    req.end();
  });
}
