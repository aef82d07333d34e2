import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scrubPii } from './scrub-pii.js';

describe('scrubPii', () => {
  const cases: [string, string, string][] = [
    ['an email', 'write to jane.doe+app@example.co.uk please', 'write to [email] please'],
    ['a card number with spaces', 'my card 4111 1111 1111 1111 was charged', 'my card [card] was charged'],
    ['a card number without spaces', 'card 5500005555555559', 'card [card]'],
    ['an international phone number', 'call me at +33 6 12 34 56 78', 'call me at [phone]'],
    ['a US phone number', 'or (555) 123-4567 x', 'or [phone] x'],
    ['a French phone number', 'tel 06.12.34.56.78', 'tel [phone]'],
    ['a JWT', 'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.abcdefghijk', 'token [jwt]'],
    ['a bearer token', 'Authorization: Bearer abcdef123456', 'Authorization: [token]'],
    ['an IBAN', 'IBAN FR76 3000 6000 0112 3456 7890 189', 'IBAN [iban]'],
    ['an IP address', 'from 192.168.10.20 today', 'from [ip] today'],
  ];
  for (const [name, input, want] of cases) {
    test(`replaces ${name}`, () => assert.equal(scrubPii(input), want));
  }

  const kept: [string, string][] = [
    ['a number that fails the Luhn check', 'order 4111 1111 1111 1112 shipped'],
    ['a date', 'it crashed on 2024-05-01 at noon'],
    ['a short number', 'I tapped 3 times on item 42'],
    ['an order number', 'order 123456789'],
    ['a version', 'version 1.2.3 is broken'],
  ];
  for (const [name, input] of kept) {
    test(`keeps ${name}`, () => assert.equal(scrubPii(input), input));
  }
});
