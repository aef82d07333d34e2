import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ForbiddenError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '../lib/errors.js';
import { probrErrorAnswer, type TagIngestAnswer } from './tag-answer.js';

describe('probrErrorAnswer', () => {
  const cases: [string, unknown, TagIngestAnswer][] = [
    [
      'answers a validation error 400 invalid_payload with its causes',
      new ValidationError('invalid payload', ['tags: expected array']),
      {
        status: 400,
        headers: {},
        body: { error: 'invalid_payload', detail: 'invalid payload', causes: ['tags: expected array'] },
      },
    ],
    [
      'leaves out empty causes',
      new UnauthorizedError('invalid ingest key', 'invalid_auth'),
      { status: 401, headers: {}, body: { error: 'unauthorized', detail: 'invalid ingest key' } },
    ],
    [
      'answers a disabled site 403 forbidden',
      new ForbiddenError('the site is disabled'),
      { status: 403, headers: {}, body: { error: 'forbidden', detail: 'the site is disabled' } },
    ],
    [
      'closes the connection after a 413',
      new PayloadTooLargeError('too big'),
      {
        status: 413,
        headers: { connection: 'close' },
        body: { error: 'payload_too_large', detail: 'too big' },
      },
    ],
    [
      'says when to retry after a 429',
      new RateLimitedError(12),
      {
        status: 429,
        headers: { 'retry-after': '12' },
        body: { error: 'rate_limited', detail: 'rate limited' },
      },
    ],
    [
      'says when to retry after a 503',
      new UnavailableError('backlog', 30),
      { status: 503, headers: { 'retry-after': '30' }, body: { error: 'unavailable', detail: 'backlog' } },
    ],
    [
      'keeps an undocumented status with internal_error',
      new UnsupportedMediaTypeError('unsupported content-encoding "zstd"'),
      {
        status: 415,
        headers: {},
        body: { error: 'internal_error', detail: 'unsupported content-encoding "zstd"' },
      },
    ],
    [
      'answers anything else a bare 500, without its message',
      new TypeError('secret internals'),
      { status: 500, headers: {}, body: { error: 'internal_error' } },
    ],
  ];
  for (const [name, err, expected] of cases) {
    test(name, () => assert.deepEqual(probrErrorAnswer(err), expected));
  }
});
