import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../lib/errors.js';
import { authFromEnvelopeDsn, extractAuth, parseAuthHeaderValue, type SentryAuth } from './auth.js';

type Headers = Record<string, string | string[] | undefined>;

describe('parseAuthHeaderValue', () => {
  const cases: { name: string; value: string; expected: Record<string, string> }[] = [
    {
      name: 'splits the header sentry-cli sends into pairs',
      value:
        'Sentry sentry_key=PUBLICKEY, sentry_version=7, sentry_timestamp=1795391587.043709, sentry_client=sentry-cli/x86_64',
      expected: {
        sentry_key: 'PUBLICKEY',
        sentry_version: '7',
        sentry_timestamp: '1795391587.043709',
        sentry_client: 'sentry-cli/x86_64',
      },
    },
    {
      name: 'tolerates extra spacing around names, values and commas',
      value: '  Sentry   sentry_key = abc ,sentry_version=7 ,  sentry_client =x/1 ',
      expected: { sentry_key: 'abc', sentry_version: '7', sentry_client: 'x/1' },
    },
    {
      name: 'accepts a value without the Sentry prefix',
      value: 'sentry_key=abc, sentry_version=7',
      expected: { sentry_key: 'abc', sentry_version: '7' },
    },
    {
      name: 'reads the prefix in any case',
      value: 'sentry sentry_key=abc',
      expected: { sentry_key: 'abc' },
    },
    {
      name: 'ignores trailing and doubled commas',
      value: 'Sentry sentry_key=abc,, sentry_version=7,',
      expected: { sentry_key: 'abc', sentry_version: '7' },
    },
    {
      name: 'keeps an equals sign inside a value',
      value: 'Sentry sentry_client=a=b',
      expected: { sentry_client: 'a=b' },
    },
    { name: 'returns nothing for a bare prefix', value: 'Sentry', expected: {} },
    {
      name: 'skips parts without an equals sign',
      value: 'Sentry junk, sentry_key=k',
      expected: { sentry_key: 'k' },
    },
  ];
  for (const { name, value, expected } of cases) {
    test(name, () => assert.deepEqual(parseAuthHeaderValue(value), expected));
  }

  test('keeps a __proto__ pair as plain data', () => {
    const parsed = parseAuthHeaderValue('Sentry __proto__=x, sentry_key=k');
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(parsed.sentry_key, 'k');
  });
});

describe('extractAuth', () => {
  const cases: { name: string; headers?: Headers; query?: string; expected: SentryAuth | undefined }[] = [
    {
      name: 'reads the X-Sentry-Auth header and ignores the v4 timestamp',
      headers: {
        'x-sentry-auth':
          'Sentry sentry_key=PUBLICKEY, sentry_version=7, sentry_timestamp=1795391587.043709, sentry_client=sentry-cli/x86_64',
      },
      expected: { publicKey: 'PUBLICKEY', version: 7, client: 'sentry-cli/x86_64' },
    },
    {
      name: 'reads the query string the JavaScript SDKs use',
      query: 'sentry_version=7&sentry_key=PUBLICKEY&sentry_client=sentry.javascript.node%2F11.12.0',
      expected: { publicKey: 'PUBLICKEY', version: 7, client: 'sentry.javascript.node/11.12.0' },
    },
    {
      name: 'reads an Authorization: Sentry header',
      headers: { authorization: 'Sentry sentry_key=abc, sentry_secret=def, sentry_version=6' },
      expected: { publicKey: 'abc', secretKey: 'def', version: 6 },
    },
    {
      name: 'reads an Authorization: DSN header',
      headers: { authorization: 'DSN https://abc:def@example.com/42' },
      expected: { publicKey: 'abc', secretKey: 'def' },
    },
    {
      name: 'ignores Authorization schemes meant for the web API',
      headers: { authorization: 'Bearer token' },
      expected: undefined,
    },
    {
      name: 'accepts the same key from the header and the query string',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc, sentry_version=7' },
      query: 'sentry_key=abc&sentry_client=js%2F1',
      expected: { publicKey: 'abc', version: 7, client: 'js/1' },
    },
    {
      name: 'prefers the header over the query string for other fields',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc, sentry_client=header/1' },
      query: 'sentry_key=abc&sentry_client=query/1',
      expected: { publicKey: 'abc', client: 'header/1' },
    },
    {
      name: 'combines a key in one source with a version in another',
      headers: { 'x-sentry-auth': 'Sentry sentry_version=7' },
      query: 'sentry_key=abc',
      expected: { publicKey: 'abc', version: 7 },
    },
    {
      name: 'reads each value of a repeated header',
      headers: { 'x-sentry-auth': ['Sentry sentry_key=abc', 'Sentry sentry_key=abc, sentry_version=7'] },
      expected: { publicKey: 'abc', version: 7 },
    },
    {
      name: 'returns undefined when the request carries no auth',
      headers: { accept: '*/*' },
      expected: undefined,
    },
    {
      name: 'returns undefined when auth fields carry no key',
      headers: { 'x-sentry-auth': 'Sentry sentry_version=7, sentry_key=' },
      query: 'sentry_client=x',
      expected: undefined,
    },
    {
      name: 'ignores unrelated query parameters',
      query: 'foo=bar',
      expected: undefined,
    },
  ];
  for (const { name, headers = {}, query = '', expected } of cases) {
    test(name, () => assert.deepEqual(extractAuth(headers, new URLSearchParams(query)), expected));
  }

  const rejected: { name: string; headers?: Headers; query?: string; code: string }[] = [
    {
      name: 'rejects two sources with different keys',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc' },
      query: 'sentry_key=xyz',
      code: 'invalid_auth',
    },
    {
      name: 'rejects a header and an Authorization header with different keys',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc', authorization: 'Sentry sentry_key=xyz' },
      code: 'invalid_auth',
    },
    {
      name: 'rejects two different keys in the query string',
      query: 'sentry_key=a&sentry_key=b',
      code: 'invalid_auth',
    },
    {
      name: 'rejects a protocol version above 7',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc, sentry_version=8' },
      code: 'unsupported_version',
    },
    {
      name: 'rejects a protocol version above 7 even when another source says 7',
      headers: { 'x-sentry-auth': 'Sentry sentry_key=abc, sentry_version=7' },
      query: 'sentry_version=99',
      code: 'unsupported_version',
    },
    {
      name: 'rejects a non-numeric version',
      query: 'sentry_key=abc&sentry_version=seven',
      code: 'invalid_auth',
    },
    {
      name: 'rejects a fractional version',
      query: 'sentry_key=abc&sentry_version=7.0',
      code: 'invalid_auth',
    },
    {
      name: 'rejects an Authorization: DSN header that is not a DSN',
      headers: { authorization: 'DSN nope' },
      code: 'invalid_auth',
    },
  ];
  for (const { name, headers = {}, query = '', code } of rejected) {
    test(name, () => {
      assert.throws(
        () => extractAuth(headers, new URLSearchParams(query)),
        (error: unknown) => error instanceof ValidationError && error.code === code,
      );
    });
  }
});

describe('authFromEnvelopeDsn', () => {
  test('returns the public key and project id of the envelope DSN', () => {
    assert.deepEqual(authFromEnvelopeDsn('http://PUBLICKEY@127.0.0.1:18433/42'), {
      publicKey: 'PUBLICKEY',
      projectId: '42',
    });
  });

  test('rejects a malformed DSN as invalid auth', () => {
    assert.throws(
      () => authFromEnvelopeDsn('garbage'),
      (error: unknown) => error instanceof ValidationError && error.code === 'invalid_auth',
    );
  });
});
