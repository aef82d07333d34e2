import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { PayloadTooLargeError, ValidationError } from '../lib/errors.js';
import { decodeStoreBody } from './store-body.js';

const EVENT = '{"message":"hello","extra":{"n":1}}';

describe('decodeStoreBody', () => {
  const decoded: { name: string; body: Buffer; expected: string }[] = [
    { name: 'returns a JSON body unchanged', body: Buffer.from(EVENT), expected: EVENT },
    {
      name: 'returns a JSON body with leading whitespace unchanged',
      body: Buffer.from(`\r\n  ${EVENT}`),
      expected: `\r\n  ${EVENT}`,
    },
    {
      name: 'decodes base64 JSON',
      body: Buffer.from(Buffer.from(EVENT).toString('base64')),
      expected: EVENT,
    },
    {
      name: 'decodes base64 of zlib-deflated JSON as raven-python sends it',
      body: Buffer.from(deflateSync(EVENT).toString('base64')),
      expected: EVENT,
    },
    {
      name: 'decodes base64 wrapped across lines',
      body: Buffer.from(
        deflateSync(EVENT)
          .toString('base64')
          .replace(/(.{16})/g, '$1\n'),
      ),
      expected: EVENT,
    },
    {
      name: 'decodes URL-safe base64',
      body: Buffer.from(deflateSync(EVENT).toString('base64url')),
      expected: EVENT,
    },
  ];
  for (const { name, body, expected } of decoded) {
    test(name, () => assert.equal(decodeStoreBody(body).toString(), expected));
  }

  const invalid: { name: string; body: Buffer }[] = [
    { name: 'rejects an empty body', body: Buffer.alloc(0) },
    { name: 'rejects a whitespace-only body', body: Buffer.from(' \n ') },
    { name: 'rejects text that is neither JSON nor base64', body: Buffer.from('hello, world!') },
    { name: 'rejects base64 of an impossible length', body: Buffer.from('eJzLS') },
    {
      name: 'rejects base64 of a broken zlib stream',
      body: Buffer.from(Buffer.from([0x78, 0x9c, 1, 2, 3, 4]).toString('base64')),
    },
    {
      name: 'rejects base64 of a truncated zlib stream',
      body: Buffer.from(deflateSync(EVENT).subarray(0, 10).toString('base64')),
    },
  ];
  for (const { name, body } of invalid) {
    test(name, () => {
      assert.throws(
        () => decodeStoreBody(body),
        (error: unknown) => error instanceof ValidationError && error.message === 'invalid store body',
      );
    });
  }

  test('refuses a body that inflates past 1 MiB', () => {
    const bomb = Buffer.from(deflateSync(Buffer.alloc(1024 * 1024 + 1, 0x20)).toString('base64'));
    assert.throws(() => decodeStoreBody(bomb), PayloadTooLargeError);
  });

  test('accepts a body that inflates to exactly 1 MiB', () => {
    const body = Buffer.from(deflateSync(Buffer.alloc(1024 * 1024, 0x20)).toString('base64'));
    assert.equal(decodeStoreBody(body).length, 1024 * 1024);
  });
});
