import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sdkCorsHeaders } from './cors.js';

describe('sdkCorsHeaders', () => {
  const cases: { name: string; origin: string | string[] | undefined; allowOrigin: string | undefined }[] = [
    { name: 'sends none to a server SDK, which sends no Origin', origin: undefined, allowOrigin: undefined },
    {
      name: "echoes a browser's origin",
      origin: 'https://shop.example',
      allowOrigin: 'https://shop.example',
    },
    { name: 'allows any origin for an empty Origin', origin: '', allowOrigin: '*' },
    {
      name: 'allows any origin for a repeated Origin',
      origin: ['https://a.example', 'https://b.example'],
      allowOrigin: '*',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const headers = sdkCorsHeaders(c.origin);
      assert.equal(headers['access-control-allow-origin'], c.allowOrigin);
      if (c.allowOrigin !== undefined) {
        assert.match(headers['access-control-allow-headers'] ?? '', /x-sentry-auth/);
        assert.match(headers['access-control-expose-headers'] ?? '', /x-sentry-rate-limits/);
      }
    });
  }
});
