import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../lib/errors.js';
import { formatRateLimitsHeader, parseRateLimitsHeader, type RateLimit } from './rate-limits.js';

describe('formatRateLimitsHeader', () => {
  const cases: { name: string; limits: RateLimit[]; expected: string }[] = [
    {
      name: 'writes the example from the rate-limiting spec',
      limits: [
        { retryAfterSeconds: 60, categories: ['transaction'], scope: 'key' },
        { retryAfterSeconds: 2700, categories: ['default', 'error', 'security'], scope: 'organization' },
      ],
      expected: '60:transaction:key, 2700:default;error;security:organization',
    },
    {
      name: 'writes an empty category list to limit every category',
      limits: [{ retryAfterSeconds: 30, categories: [], scope: 'project' }],
      expected: '30::project',
    },
    {
      name: 'appends the reason code',
      limits: [
        { retryAfterSeconds: 10, categories: ['error'], scope: 'project', reasonCode: 'project_quota' },
      ],
      expected: '10:error:project:project_quota',
    },
    {
      name: 'rounds a fractional retry-after up',
      limits: [{ retryAfterSeconds: 59.01, categories: ['error'], scope: 'key' }],
      expected: '60:error:key',
    },
    {
      name: 'writes a retry-after already past as zero',
      limits: [{ retryAfterSeconds: -3.5, categories: ['error'], scope: 'key' }],
      expected: '0:error:key',
    },
    { name: 'writes nothing for no limits', limits: [], expected: '' },
  ];
  for (const { name, limits, expected } of cases) {
    test(name, () => assert.equal(formatRateLimitsHeader(limits), expected));
  }
});

describe('parseRateLimitsHeader', () => {
  const cases: { name: string; value: string; expected: RateLimit[] }[] = [
    {
      name: 'reads the example from the rate-limiting spec',
      value: '60:transaction:key, 2700:default;error;security:organization',
      expected: [
        { retryAfterSeconds: 60, categories: ['transaction'], scope: 'key' },
        { retryAfterSeconds: 2700, categories: ['default', 'error', 'security'], scope: 'organization' },
      ],
    },
    {
      name: 'reads an empty category list as every category',
      value: '30::project',
      expected: [{ retryAfterSeconds: 30, categories: [], scope: 'project' }],
    },
    {
      name: 'reads a reason code and ignores metric namespaces after it',
      value: '10:metric_bucket:organization:quota_exceeded:custom',
      expected: [
        {
          retryAfterSeconds: 10,
          categories: ['metric_bucket'],
          scope: 'organization',
          reasonCode: 'quota_exceeded',
        },
      ],
    },
    { name: 'reads an empty header as no limits', value: '', expected: [] },
    {
      name: 'skips empty entries between commas',
      value: '1:error:key,,',
      expected: [{ retryAfterSeconds: 1, categories: ['error'], scope: 'key' }],
    },
  ];
  for (const { name, value, expected } of cases) {
    test(name, () => assert.deepEqual(parseRateLimitsHeader(value), expected));
  }

  const invalid: { name: string; value: string }[] = [
    { name: 'rejects a non-numeric retry-after', value: 'soon:error:key' },
    { name: 'rejects an unknown scope', value: '60:error:planet' },
    { name: 'rejects an unknown category', value: '60:errors:key' },
    { name: 'rejects an entry without a scope', value: '60:error' },
  ];
  for (const { name, value } of invalid) {
    test(name, () => assert.throws(() => parseRateLimitsHeader(value), ValidationError));
  }

  test('reads back what formatRateLimitsHeader writes', () => {
    const limits: RateLimit[] = [
      { retryAfterSeconds: 5, categories: ['error', 'transaction'], scope: 'key', reasonCode: 'key_quota' },
      { retryAfterSeconds: 120, categories: [], scope: 'organization' },
    ];
    assert.deepEqual(parseRateLimitsHeader(formatRateLimitsHeader(limits)), limits);
  });
});
