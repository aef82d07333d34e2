import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clientErrorResponse } from './client-error.js';

describe('clientErrorResponse', () => {
  const cases: { name: string; code: string | undefined; status: number; detail: RegExp }[] = [
    { name: 'a slow client', code: 'ERR_HTTP_REQUEST_TIMEOUT', status: 408, detail: /timed out.*within 2 s/ },
    { name: 'huge headers', code: 'HPE_HEADER_OVERFLOW', status: 431, detail: /headers too large/ },
    { name: 'garbage bytes', code: 'HPE_INVALID_METHOD', status: 400, detail: /malformed/ },
    { name: 'no code at all', code: undefined, status: 400, detail: /malformed/ },
  ];
  for (const c of cases) {
    test(`answers ${c.name} with ${c.status} and a JSON body of the right length`, () => {
      const raw = clientErrorResponse({ code: c.code }, 2000);
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      assert.match(head, new RegExp(`^HTTP/1\\.1 ${c.status} `));
      assert.match(head, /\r\nConnection: close/);
      assert.equal(Number(/Content-Length: (\d+)/.exec(head)?.[1]), Buffer.byteLength(body));
      const json = JSON.parse(body) as { detail: string; causes: string[] };
      assert.match(json.detail, c.detail);
      assert.deepEqual(json.causes, c.code ? [c.code] : []);
    });
  }
});
