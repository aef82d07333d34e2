import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { NormalizedEvent } from '../protocol/event.js';
import { FILTERED, isLuhnValid, scrubEvent, scrubString } from './scrub.js';

const event = (over: Partial<NormalizedEvent>): NormalizedEvent => ({
  event_id: 'a'.repeat(32),
  timestamp: 1,
  received: 1,
  platform: 'node',
  level: 'error',
  tags: [],
  ...over,
});

describe('scrubString', () => {
  const cases: [string, string, string][] = [
    ['a card number that passes Luhn', 'paid with 4111 1111 1111 1111 today', `paid with ${FILTERED} today`],
    ['a bearer token', 'Authorization: Bearer abcdef123456789', `Authorization: ${FILTERED}`],
    ['a JWT', 'jwt eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0NTY3.SflKxwRJSMeKKF2QT4fwpMeJf36', `jwt ${FILTERED}`],
    ['an AWS key id', 'key AKIAIOSFODNN7EXAMPLE used', `key ${FILTERED} used`],
    [
      'a password in a query string',
      'GET /login?user=bob&password=hunter2&x=1',
      `GET /login?user=bob&password=${FILTERED}&x=1`,
    ],
    ['an IBAN', 'refund to DE89 3704 0044 0532 0130 00 please', `refund to ${FILTERED} please`],
  ];
  for (const [name, input, want] of cases)
    test(`filters ${name}`, () => assert.equal(scrubString(input), want));

  test('keeps numbers that are not card numbers (Luhn fails)', () => {
    assert.equal(scrubString('order 1234567890123456 shipped'), 'order 1234567890123456 shipped');
    assert.equal(isLuhnValid('4111111111111111'), true);
  });
});

describe('scrubEvent', () => {
  test('filters sensitive keys in extra, request headers, cookies and breadcrumbs', () => {
    const e = scrubEvent(
      event({
        extra: { password: 'hunter2', nested: { api_key: 'k', fine: 'ok' } },
        request: {
          headers: { Authorization: 'Bearer xyz', Accept: 'text/html' },
          cookies: 'sid=1',
          data: { card_number: '4111' },
        },
        breadcrumbs: { values: [{ message: 'login with password=swordfish', data: { token: 't' } }] },
      }),
    );
    assert.deepEqual(e.extra, { password: FILTERED, nested: { api_key: FILTERED, fine: 'ok' } });
    const req = e.request as {
      headers: Record<string, string>;
      cookies: string;
      data: Record<string, string>;
    };
    assert.equal(req.headers.Authorization, FILTERED);
    assert.equal(req.headers.Accept, 'text/html');
    assert.equal(req.cookies, FILTERED);
    assert.equal(req.data.card_number, FILTERED);
    assert.equal(e.breadcrumbs!.values[0]!.message, `login with password=${FILTERED}`);
    assert.ok(Number(e._meta?.scrubbed) >= 6);
  });

  test('drops the user IP unless the project stores IPs', () => {
    assert.equal(scrubEvent(event({ user: { id: '1', ip_address: '1.2.3.4' } })).user?.ip_address, undefined);
    assert.equal(
      scrubEvent(event({ user: { id: '1', ip_address: '1.2.3.4' } }), { storeIpAddresses: true }).user
        ?.ip_address,
      '1.2.3.4',
    );
  });

  test('honours extra sensitive fields and safe fields', () => {
    const e = scrubEvent(event({ extra: { customer_dob: '1990-01-01', session_count: 3 } }), {
      sensitiveFields: ['dob'],
      safeFields: ['session_count'],
    });
    assert.deepEqual(e.extra, { customer_dob: FILTERED, session_count: 3 });
  });

  test('treats __proto__ keys as plain data', () => {
    const extra = JSON.parse('{"__proto__": {"password": "x"}, "a": 1}') as Record<string, unknown>;
    scrubEvent(event({ extra }));
    assert.equal(({} as Record<string, unknown>).password, undefined);
  });

  test('scrubs a 10,000-level deep databag without overflowing the stack', () => {
    let deep: Record<string, unknown> = { password: 'x' };
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    assert.doesNotThrow(() => scrubEvent(event({ extra: deep })));
  });
});
