import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ValidationError } from '../lib/errors.js';
import { formatDsn, parseDsn, type Dsn } from './dsn.js';

describe('parseDsn', () => {
  const cases: { name: string; dsn: string; expected: Dsn }[] = [
    {
      name: 'reads key, host with port and project id from a plain DSN',
      dsn: 'http://PUBLICKEY@127.0.0.1:18433/42',
      expected: {
        protocol: 'http',
        publicKey: 'PUBLICKEY',
        host: '127.0.0.1:18433',
        path: '',
        projectId: '42',
      },
    },
    {
      name: 'keeps the deprecated secret key when present',
      dsn: 'https://abc:def@sentry.example.com/7',
      expected: {
        protocol: 'https',
        publicKey: 'abc',
        secretKey: 'def',
        host: 'sentry.example.com',
        path: '',
        projectId: '7',
      },
    },
    {
      name: 'returns the path prefix before the project id',
      dsn: 'https://key@example.com/errors/sentry/42',
      expected: {
        protocol: 'https',
        publicKey: 'key',
        host: 'example.com',
        path: '/errors/sentry',
        projectId: '42',
      },
    },
    {
      name: 'tolerates a trailing slash after the project id',
      dsn: 'http://key@localhost:8000/42/',
      expected: { protocol: 'http', publicKey: 'key', host: 'localhost:8000', path: '', projectId: '42' },
    },
    {
      name: 'accepts an IPv6 host',
      dsn: 'http://key@[::1]:9000/3',
      expected: { protocol: 'http', publicKey: 'key', host: '[::1]:9000', path: '', projectId: '3' },
    },
    {
      name: 'treats an empty secret as absent',
      dsn: 'http://key:@h/1',
      expected: { protocol: 'http', publicKey: 'key', host: 'h', path: '', projectId: '1' },
    },
  ];
  for (const { name, dsn, expected } of cases) {
    test(name, () => assert.deepEqual(parseDsn(dsn), expected));
  }

  const garbage: { name: string; dsn: string }[] = [
    { name: 'rejects an empty string', dsn: '' },
    { name: 'rejects text that is not a URL', dsn: 'not a dsn' },
    { name: 'rejects a DSN without a public key', dsn: 'http://example.com/42' },
    { name: 'rejects a DSN without a project id', dsn: 'http://key@example.com' },
    { name: 'rejects a non-numeric project id', dsn: 'http://key@example.com/my-project' },
    { name: 'rejects protocols other than http and https', dsn: 'ftp://key@example.com/42' },
    { name: 'rejects malformed percent-encoding in the key', dsn: 'http://%zz@example.com/42' },
  ];
  for (const { name, dsn } of garbage) {
    test(name, () => assert.throws(() => parseDsn(dsn), ValidationError));
  }
});

describe('formatDsn', () => {
  const cases: { name: string; baseUrl: string; expected: string }[] = [
    {
      name: 'puts the key and project id around the host',
      baseUrl: 'http://127.0.0.1:8000',
      expected: 'http://KEY@127.0.0.1:8000/42',
    },
    {
      name: 'ignores a trailing slash on the base URL',
      baseUrl: 'http://127.0.0.1:8000/',
      expected: 'http://KEY@127.0.0.1:8000/42',
    },
    {
      name: 'keeps a path prefix',
      baseUrl: 'https://example.com/faultline/',
      expected: 'https://KEY@example.com/faultline/42',
    },
  ];
  for (const { name, baseUrl, expected } of cases) {
    test(name, () => assert.equal(formatDsn(baseUrl, 'KEY', '42'), expected));
  }

  test('produces DSNs that parseDsn reads back', () => {
    const dsn = parseDsn(formatDsn('https://example.com:8443/sub', 'abc123', '9'));
    assert.deepEqual(dsn, {
      protocol: 'https',
      publicKey: 'abc123',
      host: 'example.com:8443',
      path: '/sub',
      projectId: '9',
    });
  });

  for (const baseUrl of ['localhost', 'localhost:8000']) {
    test(`rejects the base URL "${baseUrl}", which lacks an http(s) scheme`, () => {
      assert.throws(() => formatDsn(baseUrl, 'KEY', '42'), ValidationError);
    });
  }
});
