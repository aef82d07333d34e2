import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstTwoLines, parameterize } from './parameterize.js';

describe('parameterize', () => {
  const cases: [name: string, input: string, expected: string][] = [
    ['replaces a standalone integer', 'User 123 not found', 'User <int> not found'],
    [
      'replaces negative numbers but not the hyphen in an id',
      'order-12 moved by -7',
      'order-<int> moved by <int>',
    ],
    ['reads a minus between operands as an operator', 'range 5-3 is empty', 'range <int>-<int> is empty'],
    ['replaces floats and exponents', 'took 1.5 and 2.5e10', 'took <float> and <float>'],
    [
      'replaces a number glued to a unit, keeping the unit',
      'timeout after 5000ms (30s)',
      'timeout after <int>ms (<int>s)',
    ],
    ['replaces ids after an underscore', 'cache key user_12345 missing', 'cache key user_<int> missing'],
    ['leaves digits inside identifiers alone', 'sha256 over utf8 via http2', 'sha256 over utf8 via http2'],
    ['replaces emails', 'bob@example.com bounced', '<email> bounced'],
    ['keeps the key of an email assignment', 'user=alice@x.io', 'user=<email>'],
    ['does not take a package version for an email', 'react@18.2.0 missing', 'react@<float>.<int> missing'],
    [
      'replaces http URLs and keeps trailing punctuation',
      'GET https://api.example.com/users/123?x=1). next',
      'GET <url>). next',
    ],
    ['replaces URLs of any scheme', 'postgres://u:p@db:5432/app is down', '<url> is down'],
    ['replaces IPv4 addresses and their port', 'connect 10.0.0.1:5432 refused', 'connect <ip>:<int> refused'],
    ['replaces IPv6 addresses', 'from fe80::1%eth0 and 2001:db8::ff00:42:8329', 'from <ip> and <ip>'],
    ['replaces an IPv4-mapped IPv6 address whole', 'peer ::ffff:192.0.2.1 left', 'peer <ip> left'],
    ['leaves C++ scopes alone', 'std::vector out of range', 'std::vector out of range'],
    ['replaces UUIDs', 'Request 550e8400-e29b-41d4-a716-446655440000 failed', 'Request <uuid> failed'],
    [
      'replaces SHA-1 digests',
      'blob a1b2c3d4e5f60718293a4b5c6d7e8f9012345678 missing',
      'blob <sha1> missing',
    ],
    ['replaces MD5 digests', 'etag d41d8cd98f00b204e9800998ecf8427e stale', 'etag <md5> stale'],
    ['replaces 0x hex', 'segfault at 0x7fff5fbff8c8', 'segfault at <hex>'],
    ['replaces long mixed hex runs', 'release 3f9a2c1b not found', 'release <hex> not found'],
    ['leaves hex-letter words alone', 'deadbeef and accede', 'deadbeef and accede'],
    ['replaces ISO 8601 datetimes', 'expired at 2024-01-15T10:00:00.123Z', 'expired at <date>'],
    ['replaces Python logging timestamps', 'at 2024-01-15 10:00:00,123 boom', 'at <date> boom'],
    ['replaces RFC 1123 dates', 'Expires Mon, 15 Jan 2024 10:00:00 GMT', 'Expires <date>'],
    [
      'replaces JavaScript Date#toString',
      'at Mon Jan 15 2024 10:00:00 GMT+0100 (Central European Standard Time) x',
      'at <date> x',
    ],
    ['replaces month-name dates', 'due Jan 15, 2024 or 15 January 2024', 'due <date> or <date>'],
    ['replaces numeric dates with a 4-digit year', 'born 15.01.2024 or 01/15/2024', 'born <date> or <date>'],
    ['replaces times with seconds or am/pm', 'at 10:30:45 or 3:15 PM', 'at <date> or <date>'],
    ['keeps line:column pairs as numbers', 'app.js:12:34', 'app.js:<int>:<int>'],
    ['replaces Python datetime reprs', 'got datetime.datetime(2024, 1, 15, 10, 0)', 'got <date>'],
    [
      "replaces single-quoted values anywhere (Sentry only after '=')",
      "reading 'number'",
      'reading <quoted>',
    ],
    ['replaces double-quoted values', 'relation "users" does not exist', 'relation <quoted> does not exist'],
    ['keeps escaped quotes inside a quoted value', 'got "a \\"b\\" c" end', 'got <quoted> end'],
    [
      'never opens a quote at an apostrophe',
      "Can't resolve './Foo' in '/app'",
      "Can't resolve <quoted> in <quoted>",
    ],
    ['leaves possessives and names alone', "it's O'Brien's", "it's O'Brien's"],
    ['replaces booleans after =', 'enabled=true flag= False', 'enabled=<bool> flag= <bool>'],
    ['leaves booleans in prose alone', 'expected true got false', 'expected true got false'],
    ['keeps the first two non-empty lines, trimmed', 'one\n\n  two  \nthree', 'one\ntwo'],
    ['collapses runs of spaces and tabs', 'a  b\t\tc', 'a b c'],
    ['returns the empty string for blank input', ' \n\t\n', ''],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(parameterize(input), expected));

  it('gives User 123 and User 456 the same shape', () => {
    assert.equal(parameterize('User 123 not found'), parameterize('User 456 not found'));
  });

  // V8's regex engine backtracks; every rule must stay linear or one hostile message stalls ingest.
  // A quadratic rule takes minutes on 1 MB, so the bound is loose enough for a loaded CI machine.
  const MB = 1 << 20;
  const repeat = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const hostile: [name: string, text: string][] = [
    ['letters', repeat('a')],
    ['digits', repeat('1')],
    ['dotted digits', repeat('1.')],
    ['colons', repeat('1:')],
    ['hex and colons', repeat('a:')],
    ['at signs', repeat('a@')],
    ['an address with endless labels', `a@${repeat('1.')}`],
    ['unclosed quotes', repeat("'a")],
    ['escaped quotes', `"${repeat('\\"')}`],
    ['equals signs', repeat('=true')],
    ['minus signs', repeat('-1')],
    ['slashes', repeat('1/')],
    ['month names', repeat('Jan 1')],
    ['a URL with no end', `http://${repeat('a')}`],
    ['scheme-like runs', repeat('ab:/')],
    ['realistic log text', repeat('User 123 at 2024-01-15T10:00:00Z from 10.0.0.1 bob@x.io ')],
  ];
  for (const [name, text] of hostile) {
    it(`parameterizes a 1 MB line of ${name} in linear time`, () => {
      const started = performance.now();
      parameterize(text);
      assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
    });
  }
});

describe('firstTwoLines', () => {
  const cases: [name: string, input: string, expected: string][] = [
    ['keeps a single line', 'only', 'only'],
    ['skips blank lines', '\n\n a \r\n\n b \n c', 'a\nb'],
    ['handles Windows line endings', 'a\r\nb\r\n', 'a\nb'],
    ['stops after two lines of a long text', 'x\ny\n' + 'z\n'.repeat(1000), 'x\ny'],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(firstTwoLines(input), expected));
});
